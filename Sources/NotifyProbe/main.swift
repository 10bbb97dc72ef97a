// notify-probe: runs ServiceNotifier calls in a process of its own, for NotifyTests.
//
// Why a process: libsystemd reads NOTIFY_SOCKET and WATCHDOG_* from the environment, and
// setting them inside the test process races with every other test that starts a child
// (Foundation copies `environ` while setenv may reallocate it: a crash seen in CI). Here each
// test gives the probe its own environment and nothing is ever changed in the test process.
//
//     notify-probe ready status 正在加载 reloading-at 123 interval
//
// prints one line per call: `sent`, `noNotifySocket`, an interval in microseconds or `off`,
// or `error: …` (and carries on with the next call).
import Notify

var arguments = CommandLine.arguments.dropFirst()[...]
let notifier = ServiceNotifier()

func report(_ call: () throws(NotifyError) -> ServiceNotifier.Delivery) {
    do {
        switch try call() {
        case .sent: print("sent")
        case .noNotifySocket: print("noNotifySocket")
        }
    } catch {
        print("error: \(error)")
    }
}

while let command = arguments.popFirst() {
    switch command {
    case "ready": report { () throws(NotifyError) in try notifier.ready() }
    case "stopping": report { () throws(NotifyError) in try notifier.stopping() }
    case "watchdog": report { () throws(NotifyError) in try notifier.watchdog() }
    case "reloading": report { () throws(NotifyError) in try notifier.reloading() }
    case "reloading-at":
        let usec = UInt64(arguments.popFirst() ?? "") ?? 0
        report { () throws(NotifyError) in try notifier.reloading(monotonicMicroseconds: usec) }
    case "status":
        let text = arguments.popFirst() ?? ""
        report { () throws(NotifyError) in try notifier.status(text) }
    case "interval":
        do {
            if let interval = try notifier.watchdogInterval() {
                let (seconds, attoseconds) = interval.components
                print(seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
            } else {
                print("off")
            }
        } catch {
            print("error: \(error)")
        }
    default:
        print("error: unknown call \(command)")
    }
}
