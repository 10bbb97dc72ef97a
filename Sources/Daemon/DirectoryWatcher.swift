import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells when files in some directories change — a ledger saved, replaced by an editor's
/// rename, created, deleted — after the changes have settled for `debounce`, so that one save
/// (which editors and Excel do as several writes and renames) causes one reload.
///
/// inotify on each directory (not on the files: an atomic save replaces the file's inode), read
/// through a Dispatch read source; nothing polls.
public final class DirectoryWatcher: @unchecked Sendable {
    private let fd: Int32
    private let source: DispatchSourceRead
    private let queue: DispatchQueue
    private let debounce: DispatchTimeInterval
    private let handler: @Sendable ([String]) -> Void
    /// Only touched on `queue`.
    private var directories: [Int32: String] = [:]
    private var pending: Set<String> = []
    private var flush: DispatchWorkItem?

    public init(queue: DispatchQueue, debounce: DispatchTimeInterval = .milliseconds(500),
                handler: @escaping @Sendable (_ changedPaths: [String]) -> Void) throws(DaemonError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw .system(call: "inotify_init1", errno: errno) }
        self.fd = fd
        self.queue = queue
        self.debounce = debounce
        self.handler = handler
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in self?.drain() }
        source.setCancelHandler { close(fd) }
        source.activate()
    }

    deinit { source.cancel() }

    /// Watches exactly these directories from now on (call on the watcher's queue).
    public func watch(directories paths: Set<String>) throws(DaemonError) {
        dispatchPrecondition(condition: .onQueue(queue))
        for (wd, path) in directories where !paths.contains(path) {
            inotify_rm_watch(fd, wd)
            directories[wd] = nil
        }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)
        for path in paths where !directories.values.contains(path) {
            let wd = inotify_add_watch(fd, path, mask)
            guard wd >= 0 else { throw .watch(path: path, errno: errno) }
            directories[wd] = path
        }
    }

    private func drain() {
        let size = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: size)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, size) }
            guard n > 0 else { break }
            var offset = 0
            buffer.withUnsafeBytes { raw in
                while offset + MemoryLayout<inotify_event>.size <= n {
                    let event = raw.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    var name = ""
                    if event.len > 0 {
                        let bytes = raw[nameStart..<(nameStart + Int(event.len))].prefix { $0 != 0 }
                        name = String(decoding: bytes, as: UTF8.self)
                    }
                    if let dir = directories[event.wd] {
                        pending.insert(name.isEmpty ? dir : (dir as NSString).appendingPathComponent(name))
                    }
                    offset = nameStart + Int(event.len)
                }
            }
        }
        guard !pending.isEmpty else { return }
        flush?.cancel()
        let item = DispatchWorkItem { [weak self] in
            guard let self, !self.pending.isEmpty else { return }
            let changed = self.pending.sorted()
            self.pending.removeAll()
            self.handler(changed)
        }
        flush = item
        queue.asyncAfter(deadline: .now() + debounce, execute: item)
    }
}
