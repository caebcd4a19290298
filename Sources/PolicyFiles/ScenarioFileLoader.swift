import Foundation
import Yams

/// Reads and validates simulation scenario files (YAML; JSON is YAML too), with camelCase keys
/// as shared/SIMULATION.md names them. Problems are reported like ``PolicyFileLoader``'s.
public enum ScenarioFileLoader {
    /// Loads one scenario file; throws its first problem.
    public static func load(contentsOf url: URL) throws(PolicyFileError) -> SimulationScenario {
        let (scenario, problems) = read(contentsOf: url)
        guard let scenario else { throw problems.first ?? PolicyFileLoader.unexpected(url.relativePath) }
        return scenario
    }

    /// Every problem in one scenario file; empty when it is valid.
    public static func check(contentsOf url: URL) -> [PolicyFileError] {
        read(contentsOf: url).problems
    }

    /// Loads a scenario from text, as if read from a file named `path`.
    public static func load(yaml: String, path: String) throws(PolicyFileError) -> SimulationScenario {
        let (scenario, problems) = read(yaml: yaml, path: path)
        guard let scenario else { throw problems.first ?? PolicyFileLoader.unexpected(path) }
        return scenario
    }

    /// Every problem in scenario text, as if read from a file named `path`.
    public static func check(yaml: String, path: String) -> [PolicyFileError] {
        read(yaml: yaml, path: path).problems
    }

    static func read(contentsOf url: URL) -> (SimulationScenario?, problems: [PolicyFileError]) {
        let path = url.relativePath
        switch FileContents.read(url, path: path).flatMap({ SourceText.decode($0, file: path) }) {
        case .failure(let problem): return (nil, [problem])
        case .success(let text): return read(yaml: text, path: path)
        }
    }

    static func read(yaml: String, path: String) -> (SimulationScenario?, problems: [PolicyFileError]) {
        let root: Node
        switch YAMLDocument.root(of: yaml, file: path) {
        case .failure(let problem): return (nil, [problem])
        case .success(let node): root = node
        }
        var decoder = ScenarioDocumentDecoder(reader: NodeReader(file: path), defaultName: FileContents.baseName(of: path))
        let scenario = decoder.decode(root)
        let problems = decoder.reader.problemsInFileOrder
        return (problems.isEmpty ? scenario : nil, problems)
    }
}
