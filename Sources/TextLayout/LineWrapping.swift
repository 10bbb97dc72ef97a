/// Lines broken to a terminal's width in display columns, where wide (Chinese) characters
/// take two: swift-argument-parser and most wrapping code count Characters, so a line of
/// Chinese comes out twice as wide as asked.
///
///     LineWrapping.wrap("一二三四，五六七八", width: 8, hangingIndent: 0)
///     // ["一二三", "四，五六", "七八"]: 8 columns, and no line starts with "，"
///     LineWrapping.wrap("  --as-of DATE  Take this day as today 截至日期", width: 30, hangingIndent: 14)
///     // ["  --as-of DATE  Take this day", "              as today", "              截至日期"]
///
/// A line breaks at a space, or between two wide characters (as Chinese text does) when the
/// text between spaces is wider than 16 columns (a term such as 完成时限 stays whole), never
/// before closing punctuation (，。、）…) nor after opening punctuation (（“《…): the rule
/// of 禁则 (kinsoku) that keeps a comma from starting a line. A word wider than the line is
/// cut where it must be. With `keepingBrackets`, a space inside `[…]`, `<…>` or `(…)` is no
/// break (a synopsis `[--as-of <DATE>]` stays whole).
public enum LineWrapping {
    /// `line` as lines of at most `width` columns; the first keeps its own leading spaces, the
    /// others start with `hangingIndent` spaces (at most half the width). A line that fits is
    /// returned as it is.
    public static func wrap(_ line: String, width: Int, hangingIndent: Int, keepingBrackets: Bool = false) -> [String] {
        guard TextTable.displayWidth(line) > width else { return [line] }
        let leading = line.prefix { $0 == " " }.count
        let hang = min(hangingIndent, max(width / 2, 0))
        var lines: [String] = []
        var current = String(repeating: " ", count: leading)
        var currentWidth = leading
        var atLineStart = true
        var pendingSpace = 0
        let indentText = String(repeating: " ", count: hang)

        func newLine() {
            lines.append(current)
            current = indentText
            currentWidth = hang
            atLineStart = true
            pendingSpace = 0
        }

        for atom in atoms(of: line.dropFirst(leading), keepingBrackets: keepingBrackets) {
            if atom.isSpace {
                if !atLineStart { pendingSpace += atom.width }
                continue
            }
            if !atLineStart && currentWidth + pendingSpace + atom.width > width { newLine() }
            if atLineStart && currentWidth + atom.width > width {
                // Wider than a whole line: cut it by characters.
                for ch in atom.text {
                    let w = TextTable.displayWidth(String(ch))
                    if !atLineStart && currentWidth + w > width { newLine() }
                    current.append(ch)
                    currentWidth += w
                    atLineStart = false
                }
                continue
            }
            current += String(repeating: " ", count: pendingSpace) + atom.text
            currentWidth += pendingSpace + atom.width
            pendingSpace = 0
            atLineStart = false
        }
        if !atLineStart || lines.isEmpty { lines.append(current) }
        return lines
    }

    struct Atom {
        var text: String
        var width: Int
        var isSpace: Bool
    }

    /// The pieces a line may break between: runs of spaces, each wide character (with the
    /// punctuation that may not be parted from it), and runs of anything else.
    static func atoms(of text: Substring, keepingBrackets: Bool) -> [Atom] {
        var atoms: [Atom] = []
        var word = ""
        var wordWidth = 0
        var depth = 0
        var glueNext = false   // the last atom ended with opening punctuation

        func flushWord() {
            guard !word.isEmpty else { return }
            append(Atom(text: word, width: wordWidth, isSpace: false))
            word = ""
            wordWidth = 0
        }
        func append(_ atom: Atom) {
            if glueNext, let last = atoms.last, !last.isSpace, !atom.isSpace {
                atoms[atoms.count - 1].text += atom.text
                atoms[atoms.count - 1].width += atom.width
            } else {
                atoms.append(atom)
            }
            glueNext = false
        }

        for ch in text {
            let w = TextTable.displayWidth(String(ch))
            if keepingBrackets {
                if "[<(".contains(ch) { depth += 1 }
                if "]>)".contains(ch) { depth = max(depth - 1, 0) }
            }
            if ch == " " && depth == 0 {
                flushWord()
                if let last = atoms.last, last.isSpace {
                    atoms[atoms.count - 1].text += " "
                    atoms[atoms.count - 1].width += 1
                } else {
                    atoms.append(Atom(text: " ", width: 1, isSpace: true))
                }
                glueNext = false
                continue
            }
            if depth > 0 {
                word.append(ch)
                wordWidth += w
            } else if closing.contains(ch) {
                // Stays with what came before it, wide character or word.
                if !word.isEmpty {
                    word.append(ch)
                    wordWidth += w
                } else if let last = atoms.last, !last.isSpace {
                    atoms[atoms.count - 1].text.append(ch)
                    atoms[atoms.count - 1].width += w
                } else {
                    word.append(ch)
                    wordWidth += w
                }
            } else if w == 2 || opening.contains(ch) {
                flushWord()
                append(Atom(text: String(ch), width: w, isSpace: false))
                if opening.contains(ch) { glueNext = true }
            } else {
                word.append(ch)
                wordWidth += w
            }
        }
        flushWord()
        return joiningShortRuns(atoms)
    }

    /// Text between two spaces that is at most this wide breaks nowhere: a term such as
    /// 完成时限 or 6月31日 in an English sentence stays whole; a Chinese sentence does not.
    static let shortRun = 16

    /// Runs of atoms with no space between them, joined into one atom when short.
    static func joiningShortRuns(_ atoms: [Atom]) -> [Atom] {
        var out: [Atom] = []
        var run: [Atom] = []
        func flush() {
            let width = run.reduce(0) { $0 + $1.width }
            if run.count > 1 && width <= shortRun {
                out.append(Atom(text: run.map(\.text).joined(), width: width, isSpace: false))
            } else {
                out += run
            }
            run = []
        }
        for atom in atoms {
            if atom.isSpace {
                flush()
                out.append(atom)
            } else {
                run.append(atom)
            }
        }
        flush()
        return out
    }

    /// Wide punctuation no line starts with.
    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "》", "〉", "】", "”", "’", "…", "—", "～"]
    /// Wide punctuation no line ends with.
    static let opening: Set<Character> = ["（", "「", "『", "《", "〈", "【", "“", "‘"]
}
