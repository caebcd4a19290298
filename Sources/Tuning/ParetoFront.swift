/// The candidates no other candidate beats on both cost and under-provisioned time.
public enum ParetoFront {
    /// Indices into `scores` of the non-dominated points, cheapest first: each is shorter-lived
    /// (less under-provisioned time) than every cheaper one. Of equal points the first is kept.
    public static func indices(_ scores: [CandidateScore]) -> [Int] {
        let order = scores.indices.sorted { a, b in
            if scores[a].cost != scores[b].cost { return scores[a].cost < scores[b].cost }
            if scores[a].underSeconds != scores[b].underSeconds { return scores[a].underSeconds < scores[b].underSeconds }
            return a < b
        }
        var front: [Int] = []
        var leastUnder = Double.infinity
        for index in order where scores[index].underSeconds < leastUnder {
            front.append(index)
            leastUnder = scores[index].underSeconds
        }
        return front
    }
}
