import Controller
import Foundation
import Logging

enum LoggingSetup {
    /// Bootstraps swift-log once for the process and returns the root logger.
    static func bootstrap(format: DaemonOptions.LogFormat, level: String?) -> Logger {
        let level = level.flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        return Logger(label: "headroom")
    }
}
