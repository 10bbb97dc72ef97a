/// What `xianqi --version` prints: the release number (kept here, by hand, and read by
/// scripts/build-deb.sh for the package version) and the commit from ``BuildInfo``.
enum Version {
    /// The release number.
    static let number = "0.1.0"

    /// `xianqi 0.1.0 (commit 06ffc1a2b3c4…)`.
    static var line: String {
        "xianqi \(number) (commit \(BuildInfo.commit))"
    }
}
