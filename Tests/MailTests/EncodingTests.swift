import Foundation
@testable import Mail
import Testing

/// The encoders on their own: digests, quoted-printable lines, encoded-word decoding.
@Suite struct EncodingTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256Vectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test("quoted-printable keeps lines within 76 and never splits an =XX escape")
    func quotedPrintableLines() {
        let text = String(repeating: "整改=措施 ", count: 30) + "\n" + String(repeating: "x", count: 200) + "\n"
        let encoded = String(decoding: BodyEncoding.quotedPrintable(CanonicalText(text)), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 6)
        for line in lines {
            #expect(line.utf8.count <= 76)
            let withoutSoftBreak = line.hasSuffix("=") ? String(line.dropLast()) : line
            #expect(!withoutSoftBreak.hasSuffix("=") && !withoutSoftBreak.dropLast().hasSuffix("="), "escape split in \(line)")
        }
    }

    @Test("quoted-printable escapes what transports alter", arguments: [
        ("trailing space \nnext", "trailing space=20\r\nnext=\r\n"),
        ("tab\t\n", "tab=09\r\n"),
        (".\n", "=2E\r\n"),
        ("From here\n", "=46rom here\r\n"),
        ("Fromage\n", "Fromage\r\n"),
        ("a=b\r\n", "a=3Db\r\n"),
        ("lone\rCR", "lone\r\nCR=\r\n"),
        ("", ""),
    ])
    func quotedPrintableEscapes(text: String, expected: String) {
        #expect(String(decoding: BodyEncoding.quotedPrintable(CanonicalText(text)), as: UTF8.self) == expected)
    }

    @Test("base64 bodies come in lines of 76")
    func base64Lines() {
        let encoded = String(decoding: BodyEncoding.base64(Array(String(repeating: "区财政局", count: 50).utf8)), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.dropLast().allSatisfy { $0.utf8.count == 76 })
        #expect((lines.last?.utf8.count ?? 0) <= 76)
    }

    @Test("automatic picks base64 for Chinese, quoted-printable for ASCII")
    func automaticChoice() {
        #expect(BodyEncoding.encode("区财政局：以下整改措施已逾期。", as: .automatic).encoding == .base64)
        #expect(BodyEncoding.encode("Reminder: measure ZG-2025-017 is due.", as: .automatic).encoding == .quotedPrintable)
        #expect(EncodedWord.scheme(for: "区财政局", preference: .automatic) == .b)
        #expect(EncodedWord.scheme(for: "Re: ZG-2025-017 区", preference: .automatic) == .q)
    }

    @Test("encoded-words decode, whitespace between adjacent words dropped", arguments: [
        ("=?UTF-8?B?5Yy66LSi5pS/5bGA?=", "区财政局"),
        ("=?utf-8?b?5Yy6?= =?utf-8?b?6LSi?=\t=?UTF-8?Q?=E6=94=BF=E5=B1=80?=", "区财政局"),
        ("=?UTF-8?Q?Audit_Office?= <a@b.cn>", "Audit Office <a@b.cn>"),
        ("plain text", "plain text"),
        ("=?UTF-8?B?5Yy6?= and =?UTF-8?B?6LSi?=", "区 and 财"),
        ("=?ISO-8859-1?Q?caf=E9?=", "=?ISO-8859-1?Q?caf=E9?="),
        ("=?UTF-8?X?bad?=", "=?UTF-8?X?bad?="),
        ("=?UTF-8?B?5Yy6", "=?UTF-8?B?5Yy6"),
    ])
    func decoding(encoded: String, decoded: String) {
        #expect(EncodedWord.decode(encoded) == decoded)
    }

    @Test("a character split across two words by another mailer still decodes")
    func splitCharacterAcrossWords() {
        // 区 is E5 8C BA: the first word carries two of its bytes, the second the third.
        #expect(EncodedWord.decode("=?UTF-8?Q?=E5=8C?= =?UTF-8?Q?=BA?=") == "区")
    }

    @Test("backoff doubles from the base up to the cap", arguments: [(1, 60), (2, 120), (3, 240), (7, 3840), (9, 15_360), (10, 21_600), (500, 21_600)])
    func backoff(attempts: Int, seconds: Int64) {
        #expect(RetryPolicy().delay(afterFailedAttempt: attempts) == .seconds(seconds))
    }

    @Test("spool names are unique and sort by time")
    func uniqueNames() {
        let names = (0..<1000).map { MailSpool.uniqueName(at: Date(timeIntervalSince1970: 1_751_331_600 + Double($0 / 100))) }
        #expect(Set(names).count == 1000)
        #expect(names.map { $0.prefix(10) } == names.map { $0.prefix(10) }.sorted())
        #expect(names.allSatisfy { !$0.contains("/") && !$0.contains(":") && !$0.hasPrefix(".") })
    }
}
