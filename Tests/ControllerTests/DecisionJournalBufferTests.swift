import Controller
import Foundation
import Testing

@Suite("Decision journal memory")
struct DecisionJournalBufferTests {
    @Test("only the newest entries stay in memory, so a long-running daemon does not grow")
    func bufferIsCapped() async throws {
        let journal = DecisionJournal(url: nil)
        let extra = 5
        for index in 0..<(DecisionJournal.maxBufferedEntries + extra) {
            // Entry has no public memberwise initializer: make one as the journal file holds it.
            let line = #"{"time":"t\#(index)","target":"ecs:prod/api","policy":"api","action":"scale-out","before":\#(index),"after":\#(index + 1),"min":1,"max":10000,"dryRun":false,"reasons":[]}"#
            try await journal.append(try JSONDecoder().decode(DecisionJournal.Entry.self, from: Data(line.utf8)))
        }
        let entries = await journal.entries
        #expect(entries.count == DecisionJournal.maxBufferedEntries)
        #expect(entries.first?.before == extra, "the oldest went first")
        #expect(entries.last?.before == DecisionJournal.maxBufferedEntries + extra - 1)
    }
}
