import Foundation
import Testing

@testable import ChineseDates

/// The anchor table may only ever say "may start" too often, never too rarely (see `Anchor`):
/// what it says of numbers, triggers and separators is checked here against the definitions
/// the grammar uses, on every scalar of the Basic Multilingual Plane.
@Suite struct AnchorTableTests {
    static let bmp: [Unicode.Scalar] = (0..<0x10000).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test func numbersAreTheNumeralsNumeralsReads() {
        let table = AnchorTable.shared
        for u in Self.bmp {
            #expect(table.anchors(of: u).contains(.number) == Numerals.isNumeralScalar(u), "\(u)")
            #expect(table.anchors(of: u).contains(.digit) == (u.value >= 0x30 && u.value <= 0x39), "\(u)")
        }
    }

    @Test func triggersAreTheScannersTriggerScalars() {
        let table = AnchorTable.shared
        let triggers = Set(Scanner.triggerScalars.unicodeScalars)
        for u in Self.bmp {
            #expect(table.anchors(of: u).contains(.trigger) == triggers.contains(u), "\(u)")
        }
    }

    /// A span's prefix is read only where the scan stops: its first scalar must be a trigger
    /// ("会前三天" went unread while 会 was none).
    @Test func everySpanPrefixStartsAtATrigger() {
        let triggers = Set(Scanner.triggerScalars.unicodeScalars)
        for w in RhythmGrammar.spanPrefixes.words {
            let first = ScalarText(w.description).scalars[0]
            #expect(triggers.contains(first), "\(w)")
        }
    }

    @Test func separatorsAreTheCuesSeparators() {
        let table = AnchorTable.shared
        for u in Self.bmp {
            #expect(table.anchors(of: u).contains(.clauseSeparator) == Cues.clauseSeparators.contains(u), "\(u)")
            #expect(table.anchors(of: u).contains(.sentenceSeparator) == Cues.sentenceSeparators.contains(u), "\(u)")
        }
    }

    /// Every word of the grammar's lists starts at a scalar whose anchors admit its reader.
    @Test func everyWordStartsAtAnAnchor() {
        let table = AnchorTable.shared
        func first(_ w: StaticString) -> Unicode.Scalar {
            ScalarText(w.description).scalars[0]
        }
        let lists: [(Anchor, [StaticString])] = [
            (.relativeDay, PointGrammar.relativeDays.map(\.0)),
            (.relativeWeek, PointGrammar.relativeWeeks.words),
            (.yearWord, PointGrammar.yearWords.map(\.0)),
            (.yearPartAlone, TimePoint.Season.spellings.map(\.0)),
            (.monthWord, PointGrammar.monthWords.words),
            (.festival, Festival.spellings.map(\.0)),
            (.now, RhythmGrammar.nowWords.words),
            (.immediate, RhythmGrammar.immediateWords.words),
            (.ongoing, RhythmGrammar.ongoingWords.words),
            (.cadence, RhythmGrammar.periods.map(\.0)),
            (.span, RhythmGrammar.spanPrefixes.words),
        ]
        for (anchor, words) in lists {
            for w in words { #expect(table.anchors(of: first(w)).contains(anchor), "\(w)") }
        }
        for w in RhythmGrammar.nowWords.words + RhythmGrammar.immediateWords.words + RhythmGrammar.ongoingWords.words + ["目前"] {
            let s = ScalarText(w.description).scalars
            #expect(table.anchors(of: s[1]).contains(.afterRhythmWord), "\(w)")
        }
        // The point readers' words also need their second scalar admitted.
        for (anchor, words) in lists where Anchor.pointWords.contains(anchor) {
            for w in words {
                let s = ScalarText(w.description).scalars
                #expect(s.count < 2 || table.anchors(of: s[1]).contains(.afterPointWord), "\(w)")
            }
        }
    }

    /// The compiled word lists find what comparing each word in turn finds.
    @Test func wordListsMatchAsTheirWordsDo() {
        let t = ScalarText("截止时间为2024年10月底前，持续推进长期坚持，每季度末月10日前报送")
        let lists: [WordList] = [Cues.resultVerbs, Cues.occurrenceVerbs, RhythmGrammar.ongoingWords, RhythmGrammar.cadenceVerbs,
                                 RhythmGrammar.spanPrefixes, PointGrammar.rangeOrListSeparators, Cues.reportedFacts]
        for list in lists {
            for i in -1...(t.count + 1) {
                let byWord = list.words.firstIndex { t.has($0, at: i) }
                #expect(list.firstIndex(in: t, at: i) == byWord)
                let endingByWord = list.words.firstIndex { t.has($0, endingAt: i) }
                #expect(list.firstIndex(in: t, endingAt: i) == endingByWord)
            }
        }
        for i in 0...t.count {
            let byWord = Cues.prefixes.entries.firstIndex { t.has($0.0, endingAt: i) }
            #expect(Cues.prefixes.first(in: t, endingAt: i).map(\.0.description) == byWord.map { Cues.prefixes.entries[$0].0.description })
        }
    }
}

/// The clause extractor cleans an action on its scalars where that is the same as on its
/// String; the two ways agree on the clauses of the samples and on text that needs the
/// String way (combining marks, line breaks, compatibility ideographs).
@Suite struct ActionCleaningTests {
    @Test func scalarsAndStringAgree() throws {
        var texts = [
            "(1)下一步计划于年底前完成整改。", "一、确保按时办结", "  ，已于完成销号；", "25.", "计划", "计划完成",
            "3.要求全面整改到位", "e\u{301}一是完成", "一是\u{302A}完成整改", "\r\n计划完成\r\n", "\u{F900}计划完成",
            "【持续推进】", "計劃於完成整改", "",
        ]
        for name in ["hefei-gaoxin-2024-11-21.txt", "wanzhi-2024-06-18.txt"] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Config/samples/\(name)")
            let report = try String(contentsOf: url, encoding: .utf8)
            texts += report.split(whereSeparator: { "，,；;。\n".contains($0) }).map(String.init)
        }
        for s in texts {
            #expect(ClauseExtractor.clean(ArraySlice(s.unicodeScalars)) == ClauseExtractor.cleanAsString(s), "\(s)")
        }
    }
}

/// The number filter looks at a bounded run of numerals: a text of nothing but numerals (where
/// every position is an anchor) stays linear, as the ten-megabyte line of prose does.
@Suite struct LongNumeralRunTests {
    @Test func longRunsOfNumeralsAreParsed() {
        for unit in ["一", "二〇", "十五", "1年", "一、"] {
            let text = String(repeating: unit, count: 100_000 / unit.unicodeScalars.count)
            let found = DateParser(reference: CivilDate("2024-11-21")).parse(text)
            #expect(found.allSatisfy { $0.span.upperBound <= text.unicodeScalars.count })
        }
    }
}
