@testable import PolicyFiles
import Testing

@Suite("Key suggestions")
struct KeySuggestionTests {
    @Test("Edit distance")
    func distance() {
        #expect(KeySuggestion.editDistance("kitten", "sitting") == 3)
        #expect(KeySuggestion.editDistance("", "abc") == 3)
        #expect(KeySuggestion.editDistance("same", "same") == 0)
    }

    @Test("Closest key: case slips first, then small edits, nothing when far")
    func closest() {
        let keys = ["MinCapacity", "MaxCapacity", "TargetTracking"]
        #expect(KeySuggestion.closest(to: "mincapacity", among: keys) == "MinCapacity")
        #expect(KeySuggestion.closest(to: "MaxCapcity", among: keys) == "MaxCapacity")
        #expect(KeySuggestion.closest(to: "Tracking", among: keys) == nil)
        #expect(KeySuggestion.closest(to: "Banana", among: keys) == nil)
    }
}
