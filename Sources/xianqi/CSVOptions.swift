import ArgumentParser

/// How the CSV of `overdue`, `upcoming` and `list` is written for the people who open it.
///
/// By default it starts with a UTF-8 byte order mark and has Chinese headers: without the BOM,
/// Excel and WPS in a Chinese locale read UTF-8 as GBK and show mojibake. `--header en` gives
/// the English field names (those of `--format json`), for scripts; `--no-bom` drops the mark.
struct CSVOptions: ParsableArguments {
    enum HeaderLanguage: String, ExpressibleByArgument, CaseIterable {
        case zh, en
    }

    @Option(name: .long, help: ArgumentHelp("With --format csv: header names in Chinese (zh, the default) or English (en, the JSON field names).", valueName: "zh|en"))
    var header: HeaderLanguage = .zh

    @Flag(name: .customLong("no-bom"), help: "With --format csv: no UTF-8 byte order mark (Excel and WPS need it to read UTF-8).")
    var noBOM = false

    /// The byte order mark, or nothing.
    var prefix: String { noBOM ? "" : "\u{FEFF}" }

    /// The header row in the chosen language (the two lists in the same order).
    func header(english: [String], chinese: [String]) -> [String] {
        header == .en ? english : chinese
    }
}
