import Foundation

/// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests of
/// `/metrics`: it refuses what a Prometheus server would refuse, and checks the rules a
/// scraper relies on without enforcing them itself.
///
/// Checked: `# HELP` and `# TYPE` lines (at most one of each per family, `TYPE` before the
/// family's samples, a known type), metric and label names, quoted and escaped label values,
/// numeric values (`NaN`, `+Inf`, `-Inf` included), an optional integer timestamp, no
/// duplicate series, each family's samples together, counters not negative, and for every
/// histogram series: `_bucket`s with an `le` label in increasing order ending at `+Inf`,
/// cumulative counts that never decrease, a `_sum`, and a `_count` equal to the `+Inf` bucket.
public struct PrometheusExposition: Sendable {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public struct Family: Sendable {
        public var name: String
        /// `counter`, `gauge`, `histogram`, `summary` or `untyped` (no `TYPE` line).
        public var type: String
        public var help: String?
        public var samples: [Sample]
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    public private(set) var families: [String: Family] = [:]

    public static let types: Set<String> = ["counter", "gauge", "histogram", "summary", "untyped"]

    /// Parses `text`, throwing at the first line that breaks a rule.
    public init(parsing text: String) throws {
        var declaredTypes: [String: String] = [:]
        var finished: Set<String> = []
        var current: String?
        var seenSeries: Set<String> = []
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            func fail(_ problem: String) -> ParseError { ParseError(line: number, problem: "\(problem): \(line)") }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard words.count >= 3, words[0] == "#", words[1] == "HELP" || words[1] == "TYPE" else { continue }  // a comment
                let name = words[2]
                guard Self.isMetricName(name) else { throw fail("invalid metric name '\(name)'") }
                guard !finished.contains(name) else { throw fail("\(words[1]) of \(name) after its samples ended") }
                if current != name, let current { finished.insert(current) }
                current = name
                var family = families[name] ?? Family(name: name, type: "untyped", help: nil, samples: [])
                guard family.samples.isEmpty else { throw fail("\(words[1]) of \(name) after its samples") }
                if words[1] == "HELP" {
                    guard family.help == nil else { throw fail("a second HELP for \(name)") }
                    family.help = words.count > 3 ? words[3] : ""
                } else {
                    guard words.count == 4, Self.types.contains(words[3]) else { throw fail("TYPE must be one of \(Self.types.sorted())") }
                    guard declaredTypes[name] == nil else { throw fail("a second TYPE for \(name)") }
                    declaredTypes[name] = words[3]
                    family.type = words[3]
                }
                families[name] = family
                continue
            }
            let sample: Sample
            do {
                sample = try Self.sample(line)
            } catch let problem as Problem {
                throw fail(problem.text)
            }
            let familyName = Self.family(of: sample.name, declaredTypes: declaredTypes)
            if current != familyName {
                if let current { finished.insert(current) }
                guard !finished.contains(familyName) else { throw fail("samples of \(familyName) are not together") }
                current = familyName
            }
            let key = sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            guard seenSeries.insert(key).inserted else { throw fail("duplicate series \(key)") }
            var family = families[familyName] ?? Family(name: familyName, type: "untyped", help: nil, samples: [])
            if family.type == "counter", sample.value < 0 || sample.value.isNaN { throw fail("a counter must not be negative") }
            if family.type == "histogram", sample.name == familyName { throw fail("a histogram sample must end in _bucket, _sum or _count") }
            family.samples.append(sample)
            families[familyName] = family
        }
        for family in families.values where family.type == "histogram" {
            try Self.checkHistogram(family)
        }
    }

    /// The samples named exactly `name` (e.g. `x_bucket`) whose labels include `labels`.
    public func samples(_ name: String, where labels: [String: String] = [:]) -> [Sample] {
        families.values.flatMap(\.samples).filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The value of the one sample named `name` with exactly `labels`, if there is one.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        families.values.flatMap(\.samples).first { $0.name == name && $0.labels == labels }?.value
    }

    // MARK: - Rules

    struct Problem: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" || first == ":" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" || $0 == ":" }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_", !name.hasPrefix("__") else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "_" }
    }

    /// The family a sample belongs to: `x` for `x_bucket`/`x_sum`/`x_count` of a declared
    /// histogram or summary `x`, else its own name.
    static func family(of name: String, declaredTypes: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let type = declaredTypes[base], type == "histogram" || (type == "summary" && suffix != "_bucket") { return base }
        }
        return name
    }

    /// `name{label="value",…} value [timestamp]`.
    static func sample(_ line: String) throws -> Sample {
        let scalars = Array(line.unicodeScalars)
        var index = 0
        var name = ""
        while index < scalars.count, scalars[index] != "{", scalars[index] != " " {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard isMetricName(name) else { throw Problem("invalid metric name '\(name)'") }
        var labels: [String: String] = [:]
        if index < scalars.count, scalars[index] == "{" {
            index += 1
            while true {
                guard index < scalars.count else { throw Problem("unterminated label set") }
                if scalars[index] == "}" {
                    index += 1
                    break
                }
                var label = ""
                while index < scalars.count, scalars[index] != "=" {
                    label.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard isLabelName(label) else { throw Problem("invalid label name '\(label)'") }
                guard labels[label] == nil else { throw Problem("label \(label) twice") }
                index += 1
                guard index < scalars.count, scalars[index] == "\"" else { throw Problem("label value of \(label) is not quoted") }
                index += 1
                var value = ""
                while true {
                    guard index < scalars.count else { throw Problem("unterminated value of label \(label)") }
                    let scalar = scalars[index]
                    index += 1
                    if scalar == "\"" { break }
                    if scalar == "\\" {
                        guard index < scalars.count else { throw Problem("dangling escape in label \(label)") }
                        switch scalars[index] {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Problem("invalid escape \\\(scalars[index]) in label \(label)")
                        }
                        index += 1
                    } else {
                        value.unicodeScalars.append(scalar)
                    }
                }
                labels[label] = value
                guard index < scalars.count else { throw Problem("unterminated label set") }
                if scalars[index] == "," {
                    index += 1
                } else if scalars[index] != "}" {
                    throw Problem("expected , or } after label \(label)")
                }
            }
        }
        guard index < scalars.count, scalars[index] == " " else { throw Problem("no space before the value") }
        let rest = String(String.UnicodeScalarView(scalars[(index + 1)...])).split(separator: " ", omittingEmptySubsequences: false)
        guard rest.count == 1 || rest.count == 2 else { throw Problem("expected a value and an optional timestamp") }
        guard let value = number(String(rest[0])) else { throw Problem("invalid value '\(rest[0])'") }
        if rest.count == 2, Int64(rest[1]) == nil { throw Problem("invalid timestamp '\(rest[1])'") }
        return Sample(name: name, labels: labels, value: value)
    }

    /// A Go `ParseFloat` number as Prometheus writes it, or `NaN`, `+Inf`, `-Inf`.
    static func number(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.isASCIIDigit || "+-.eE".unicodeScalars.contains($0) }) else { return nil }
            return Double(text)
        }
    }

    static func checkHistogram(_ family: Family) throws {
        func key(_ labels: [String: String]) -> String {
            labels.filter { $0.key != "le" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        var buckets: [String: [(le: Double, count: Double)]] = [:]
        var sums: [String: Double] = [:]
        var counts: [String: Double] = [:]
        for sample in family.samples {
            let series = key(sample.labels)
            if sample.name == family.name + "_bucket" {
                guard let text = sample.labels["le"], let le = number(text) else {
                    throw ParseError(line: 0, problem: "\(family.name)_bucket{\(series)} has no numeric le label")
                }
                buckets[series, default: []].append((le, sample.value))
            } else if sample.name == family.name + "_sum" {
                sums[series] = sample.value
            } else {
                counts[series] = sample.value
            }
        }
        for (series, list) in buckets {
            let described = "histogram \(family.name){\(series)}"
            for (previous, next) in zip(list, list.dropFirst()) {
                guard next.le > previous.le else { throw ParseError(line: 0, problem: "\(described): le \(next.le) after \(previous.le)") }
                guard next.count >= previous.count else {
                    throw ParseError(line: 0, problem: "\(described): bucket le=\(next.le) counts \(next.count) < \(previous.count)")
                }
            }
            guard let last = list.last, last.le == .infinity else { throw ParseError(line: 0, problem: "\(described): no le=\"+Inf\" bucket") }
            guard let count = counts[series] else { throw ParseError(line: 0, problem: "\(described): no _count") }
            guard count == last.count else { throw ParseError(line: 0, problem: "\(described): _count \(count) ≠ +Inf bucket \(last.count)") }
            guard sums[series] != nil else { throw ParseError(line: 0, problem: "\(described): no _sum") }
        }
        for series in Set(sums.keys).union(counts.keys) where buckets[series] == nil {
            throw ParseError(line: 0, problem: "histogram \(family.name){\(series)}: _sum or _count without buckets")
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
