import Foundation

/// One line of progress on stderr, redrawn five times a second once a run has taken more than a
/// second, and cleared when the task showing it is cancelled.
enum ProgressLine {
    /// Shows `line()` until cancelled.
    static func show(_ line: @Sendable () async -> String) async {
        do {
            try await Task.sleep(for: .seconds(1))
        } catch {
            return
        }
        while !Task.isCancelled {
            write("\r" + (await line()) + "\u{1B}[K")
            do {
                try await Task.sleep(for: .milliseconds(200))
            } catch {
                break
            }
        }
        write("\r\u{1B}[K")
    }

    /// A bar of `width` cells, `fraction` of them filled.
    static func bar(_ fraction: Double, width: Int = 30) -> String {
        let filled = Swift.min(width, Swift.max(0, Int((fraction * Double(width)).rounded(.down))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
