#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon's machinery (timers, watches, signals) could not be set up.
public enum DaemonError: Error, Hashable, Sendable, CustomStringConvertible {
    case system(call: String, errno: Int32)
    case watch(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .system(let call, let e):
            "\(call) 失败 (failed): \(String(cString: strerror(e)))"
        case .watch(let path, let e):
            "\(path): 无法监视目录变化 (cannot watch for changes): \(String(cString: strerror(e)))"
        }
    }
}
