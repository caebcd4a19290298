/// The known name closest to a misspelled one, for "did you mean" hints.
enum KeySuggestion {
    /// The candidate `name` most likely meant, or `nil` when none is close: the same letters in
    /// another case, or an edit distance of at most a third of the name (at least 2).
    static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        if let sameLetters = candidates.first(where: { $0.lowercased() == lowered }) {
            return sameLetters
        }
        let allowed = Swift.max(2, lowered.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= allowed, distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Levenshtein distance over Characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `"; did you mean 'X'?"`, or `"; expected one of: A, B"` when nothing is close.
    static func hint(for name: String, among candidates: [String]) -> String {
        if let match = closest(to: name, among: candidates) {
            return "; did you mean '\(match)'?"
        }
        return "; expected one of: " + candidates.joined(separator: ", ")
    }
}
