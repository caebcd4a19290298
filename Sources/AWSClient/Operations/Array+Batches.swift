extension Array {
    /// The elements in consecutive slices of at most `size` (the last may be shorter).
    func batches(of size: Int) -> [[Element]] {
        precondition(size > 0, "batch size must be positive")
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
