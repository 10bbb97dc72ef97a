import Foundation

/// The Python interpreter the tests run (the aiosmtpd sink, the `email` parser, sqlite3 reads).
///
/// Debian's own `/usr/bin/python3` when it exists, because that is the interpreter the Debian
/// packages `.ci/setup` installs (python3-aiosmtpd) are built for. A `python3` found first on
/// PATH (pyenv, a virtualenv, /usr/local) may lack them, so PATH is only the fallback, for a
/// machine without Debian's Python. `XIANQI_TEST_PYTHON` overrides both.
///
///     process.executableURL = URL(fileURLWithPath: Python.executable)
public enum Python {
    /// The path of the interpreter to run.
    public static var executable: String {
        executable(environment: ProcessInfo.processInfo.environment,
                   isExecutable: FileManager.default.isExecutableFile(atPath:))
    }

    /// The choice, from an injected environment and file test (for the tests of the choice).
    public static func executable(environment: [String: String], isExecutable: (String) -> Bool) -> String {
        if let chosen = environment["XIANQI_TEST_PYTHON"], !chosen.isEmpty { return chosen }
        if isExecutable(debian) { return debian }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(directory) + "/python3"
            if isExecutable(candidate) { return candidate }
        }
        return debian
    }

    /// Where Debian's python3 package puts the interpreter.
    public static let debian = "/usr/bin/python3"
}
