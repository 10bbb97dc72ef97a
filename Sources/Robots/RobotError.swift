/// What can go wrong with a robot: its settings, its secret, the outbox's database.
public enum RobotError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidSetting(path: String, key: String, message: String)
    case secretUnreadable(file: String)
    case database(String)

    public var description: String {
        switch self {
        case let .invalidSetting(path, key, message):
            "\(path): error: \(key): \(message)"
        case let .secretUnreadable(file):
            "机器人签名密钥文件无法读取 (cannot read the robot's secret file): \(file)"
        case let .database(message):
            "机器人发送队列数据库错误 (robot outbox database error): \(message)"
        }
    }
}
