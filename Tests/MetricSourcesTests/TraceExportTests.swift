import Foundation
import Testing

@testable import MetricSources

@Suite("Trace export: grid, gaps, fill, CSV")
struct TraceExportTests {
    static let start = Date(timeIntervalSince1970: 1_767_571_200)  // 2026-01-05T00:00:00Z

    static func grid(_ rows: Int, step: Int = 60) throws -> TraceGrid {
        try TraceGrid(from: start, to: start.addingTimeInterval(Double(rows * step)), stepSeconds: step)
    }

    static func points(_ values: [Int: Double], step: Int = 60) -> [(Date, Double)] {
        values.keys.sorted().map { (start.addingTimeInterval(Double($0 * step)), values[$0]!) }
    }

    @Test func gridCountsWholeStepsInTheHalfOpenRange() throws {
        let day = try TraceGrid(from: Self.start, to: Self.start.addingTimeInterval(86_400), stepSeconds: 60)
        #expect(day.count == 1440)
        #expect(day.time(at: 1439) == Self.start.addingTimeInterval(86_340))
        let ragged = try TraceGrid(from: Self.start, to: Self.start.addingTimeInterval(150), stepSeconds: 60)
        #expect(ragged.count == 2)
        #expect(ragged.index(of: Self.start.addingTimeInterval(60)) == 1)
        #expect(ragged.index(of: Self.start.addingTimeInterval(90)) == nil)
        #expect(ragged.index(of: Self.start.addingTimeInterval(120)) == nil)
        #expect(throws: TraceExportError.self) { try TraceGrid(from: Self.start, to: Self.start.addingTimeInterval(59), stepSeconds: 60) }
        #expect(throws: TraceExportError.self) { try TraceGrid(from: Self.start, to: Self.start.addingTimeInterval(600), stepSeconds: 0) }
        #expect(throws: TraceExportError.self) {
            try TraceGrid(from: Self.start, to: Self.start.addingTimeInterval(1e9), stepSeconds: 1)
        }
    }

    @Test func completeHistoryBecomesTheExactCSV() throws {
        let grid = try Self.grid(3)
        let values = try TraceExport.values(Self.points([0: 12, 1: 12.5, 2: 0.25]), on: grid, fill: nil, what: "m")
        #expect(values == [12, 12.5, 0.25])
        #expect(TraceExport.csv(values, on: grid) == """
            timestamp,value
            2026-01-05T00:00:00Z,12
            2026-01-05T00:01:00Z,12.5
            2026-01-05T00:02:00Z,0.25

            """)
    }

    @Test func gapsAreRefusedListingTheFirstOnes() throws {
        let grid = try Self.grid(20)
        var present: [Int: Double] = [:]
        for row in [0, 2, 3, 7, 9, 11, 13, 15, 19] { present[row] = 1 }  // gaps: 1, 4-6, 8, 10, 12, 14, 16-18
        let error = try #require(throws: TraceExportError.self) {
            try TraceExport.values(Self.points(present), on: grid, fill: nil, what: "CloudWatch AWS/ECS CPUUtilization")
        }
        #expect(error.code == .gaps)
        #expect(error.message.contains("CloudWatch AWS/ECS CPUUtilization: 11 of 20 steps have no value, in 7 gap(s)"))
        #expect(error.message.contains("2026-01-05T00:01:00Z; 2026-01-05T00:04:00Z to 2026-01-05T00:06:00Z (3 steps); 2026-01-05T00:08:00Z"))
        #expect(error.message.contains("and 2 more"))
        #expect(!error.message.contains("00:16:00Z"))
        #expect(error.message.contains("--fill zero"))
        #expect(!error.message.contains("not be published yet"))
    }

    @Test func aGapAtTheEndSuggestsEndingEarlier() throws {
        let error = try #require(throws: TraceExportError.self) {
            try TraceExport.values(Self.points([0: 1, 1: 1]), on: try Self.grid(4), fill: nil, what: "m")
        }
        #expect(error.message.contains("2026-01-05T00:02:00Z to 2026-01-05T00:03:00Z (2 steps). The newest steps may not be published yet"))
    }

    @Test func fillZeroAndPrevious() throws {
        let grid = try Self.grid(5)
        let points = Self.points([0: 4, 2: 6])
        #expect(try TraceExport.values(points, on: grid, fill: .zero, what: "m") == [4, 0, 6, 0, 0])
        #expect(try TraceExport.values(points, on: grid, fill: .previous, what: "m") == [4, 4, 6, 6, 6])
    }

    @Test func previousCannotFillALeadingGap() throws {
        let error = try #require(throws: TraceExportError.self) {
            try TraceExport.values(Self.points([2: 6]), on: try Self.grid(4), fill: .previous, what: "m")
        }
        #expect(error.code == .gaps)
        #expect(error.message.contains("the first 2 step(s)"))
        #expect(error.message.contains("start at 2026-01-05T00:02:00Z"))
    }

    @Test func noDataAtAllIsAnErrorEvenWithFill() throws {
        let error = try #require(throws: TraceExportError.self) {
            try TraceExport.values([], on: try Self.grid(4), fill: .zero, what: "m")
        }
        #expect(error.code == .noData)
    }

    @Test func negativeValuesAndPointsBetweenStepsAreRefused() throws {
        let negative = try #require(throws: TraceExportError.self) {
            try TraceExport.values(Self.points([0: 1, 1: -2]), on: try Self.grid(2), fill: nil, what: "m")
        }
        #expect(negative.code == .badValue)
        #expect(negative.message.contains("-2.0 at 2026-01-05T00:01:00Z is negative"))
        let offGrid = try #require(throws: TraceExportError.self) {
            try TraceExport.values([(Self.start.addingTimeInterval(30), 1)], on: try Self.grid(2), fill: nil, what: "m")
        }
        #expect(offGrid.code == .offGrid)
    }

    @Test func pointsOutsideTheRangeAreIgnored() throws {
        let points = Self.points([-1: 100, 0: 1, 1: 2, 2: 300])
        #expect(try TraceExport.values(points, on: try Self.grid(2), fill: nil, what: "m") == [1, 2])
    }

    @Test func valuesAreWrittenExactly() {
        #expect(TraceExport.format(3) == "3")
        #expect(TraceExport.format(0.1) == "0.1")
        #expect(Double(TraceExport.format(1.0 / 3.0)) == 1.0 / 3.0)
        #expect(Double(TraceExport.format(1e20)) == 1e20)
    }
}

@Suite("Trace export arguments")
struct TraceArgumentsTests {
    static let now = Date(timeIntervalSince1970: 1_767_571_230.7)

    @Test func durations() throws {
        #expect(try TraceArguments.duration("60", option: "--step") == 60)
        #expect(try TraceArguments.duration("90s", option: "--step") == 90)
        #expect(try TraceArguments.duration("5m", option: "--step") == 300)
        #expect(try TraceArguments.duration("1h30m", option: "--step") == 5400)
        #expect(try TraceArguments.duration("2d", option: "--step") == 172_800)
        #expect(try TraceArguments.duration("1w", option: "--step") == 604_800)
        for bad in ["", "0", "-5", "5x", "m", "1.5m", "5m3"] {
            let error = try #require(throws: TraceExportError.self, "\(bad)") { try TraceArguments.duration(bad, option: "--step") }
            #expect(error.message.hasPrefix("--step '\(bad)' is not a duration"))
        }
    }

    @Test func times() throws {
        let explicit = try TraceArguments.time("2026-01-05T00:00:00Z", now: Self.now, option: "--from")
        #expect(explicit.date == Date(timeIntervalSince1970: 1_767_571_200) && !explicit.isRelative)
        let offset = try TraceArguments.time("2026-01-05T02:00:00+02:00", now: Self.now, option: "--from")
        #expect(offset.date == Date(timeIntervalSince1970: 1_767_571_200))
        let day = try TraceArguments.time("2026-01-05", now: Self.now, option: "--from")
        #expect(day.date == Date(timeIntervalSince1970: 1_767_571_200))
        let now = try TraceArguments.time("now", now: Self.now, option: "--to")
        #expect(now.date == Date(timeIntervalSince1970: 1_767_571_230) && now.isRelative)
        let weekAgo = try TraceArguments.time("now-7d", now: Self.now, option: "--from")
        #expect(weekAgo.date == Date(timeIntervalSince1970: 1_767_571_230 - 604_800) && weekAgo.isRelative)
        let error = try #require(throws: TraceExportError.self) { try TraceArguments.time("yesterday", now: Self.now, option: "--from") }
        #expect(error.message.contains("--from 'yesterday' is not a time"))
    }
}

@Suite("Atomic file writes")
struct AtomicFileTests {
    @Test func writesAndReplacesWithoutLeavingTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/trace.csv"
        try AtomicFile.write(Data("one\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")
        try AtomicFile.write(Data("two\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        #expect(directory.contents() == ["trace.csv"])
    }

    @Test func aMissingDirectoryFailsAndCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = try #require(throws: TraceExportError.self) {
            try AtomicFile.write(Data("x".utf8), to: directory.path + "/absent/trace.csv")
        }
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("does not exist"))
        #expect(directory.contents().isEmpty)
    }

    @Test func aFailedRenameLeavesTheOldFileAndNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A directory where the file should go: rename(2) of a file over a directory fails.
        try FileManager.default.createDirectory(atPath: directory.path + "/trace.csv", withIntermediateDirectories: false)
        let error = try #require(throws: TraceExportError.self) {
            try AtomicFile.write(Data("x".utf8), to: directory.path + "/trace.csv")
        }
        #expect(error.code == .writeFailed)
        #expect(directory.contents() == ["trace.csv"])
    }
}
