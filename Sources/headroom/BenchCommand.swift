import ArgumentParser
import CapacityCore
import Foundation
import PolicyFiles
import Simulator

/// `headroom bench`: measurements of Headroom's own speed, for BENCHMARKS files.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Headroom's own speed (build with -c release first).",
        subcommands: [Simulate.self])

    /// `headroom bench simulate`: simulator throughput on a synthetic trace.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Simulator throughput: policy-steps per second on one core, and a year × 10 policies.",
            discussion: """
                Generates a deterministic diurnal trace in memory (no file), then measures:
                parsing it as CSV, each baseline policy alone on one core (policy-steps per \
                second), and the wall time of all ten policies in parallel, as `headroom simulate` \
                runs them. Each figure is the best of --repeat runs. Single-core figures are \
                thread CPU time, so other processes on a shared machine do not inflate them; \
                the parallel run reports wall time, its CPU time and the load average.

                Example:
                  swift build -c release && .build/release/headroom bench simulate
                """)

        @Option(help: "Days of one-minute steps in the synthetic trace.")
        var days = 365

        @Option(help: "Step length in seconds.")
        var stepSeconds = 60

        @Option(help: "Runs per measurement; the best is reported.")
        var `repeat` = 3

        @Option(help: "Measure only this shipped policy on one core (repeatable), then stop: for profiling one policy with perf.")
        var policy: [String] = []

        @Flag(help: "Only the ten policies in parallel without timelines (to measure peak memory with /usr/bin/time -v).")
        var parallelOnly = false

        func validate() throws {
            guard days > 0, stepSeconds > 0, self.repeat > 0 else { throw ValidationError("--days, --step-seconds and --repeat must be > 0") }
            let known = BaselinePolicies.shipped().map(\.name)
            if let unknown = policy.first(where: { !known.contains($0) }) {
                throw ValidationError("--policy \(unknown): not a shipped policy; one of \(known.joined(separator: ", "))")
            }
        }

        func run() async throws {
            let clock = ContinuousClock()
            let trace = SyntheticTrace.diurnal(days: days, stepSeconds: stepSeconds, peak: 1000)
            let scenario = SimulationScenario(
                name: "bench-web-api", capacityPerUnit: 40, sloUtilization: 0.8, minUnits: 1,
                bootSeconds: 90, warmStartSeconds: 30, metricLagSeconds: 60)
            let simulation = try Simulation(trace: trace, scenario: scenario)
            let steps = trace.count
            print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Self.cpuModel())")
            print("trace: synthetic diurnal, \(steps) steps of \(stepSeconds) s (\(days) days)")
            if parallelOnly {
                try await runInParallel(simulation, steps: steps, clock: clock)
                return
            }

            let csv = Self.csv(trace)
            let parse = try best(clock) { _ = try TraceReader.parse(csv, file: "synthetic.csv") }
            print("trace read (CPU time): \(steps) rows (\(csv.count / 1024) KiB) in \(Self.ms(parse)) ms, \(Self.rate(steps, parse)) rows/s")

            print("one core, one policy (policy-steps per CPU-second, best of \(self.repeat)):")
            for policy in BaselinePolicies.shipped() where self.policy.isEmpty || self.policy.contains(policy.name) {
                let time = try best(clock) { _ = simulation.run(policy) }
                print("  \(Self.column(policy.name, 22)) \(Self.column(Self.rate(steps, time), 10)) (\(Self.ms(time)) ms)")
            }
            if !self.policy.isEmpty { return }
            // The physics and scores alone: a recorded desired column played back, no planner.
            let desired = simulation.run(BaselinePolicies.headroom(), recordTimeline: true).timeline!.desired.map(Int.init)
            let physics = try best(clock) { _ = simulation.replay(desired: desired) }
            print("  \(Self.column("physics only (replay)", 22)) \(Self.column(Self.rate(steps, physics), 10)) (\(Self.ms(physics)) ms)")

            try await runInParallel(simulation, steps: steps, clock: clock)
            let policies = Self.tenPolicies()
            // The same ten on one core: one after another, then in one pass over the trace.
            let oneByOne = try best(clock) { for policy in policies { _ = simulation.run(policy) } }
            let onePass = try best(clock) { _ = simulation.run(policies) }
            print("\(policies.count) policies on one core (CPU time): one after another \(Self.ms(oneByOne)) ms, in one pass \(Self.ms(onePass)) ms")
            var withTimelines = Duration.seconds(1_000_000)
            for _ in 0..<self.repeat {
                let start = clock.now
                _ = try await SimulationRunner.run(simulation, policies: policies, recordTimelines: true)
                withTimelines = min(withTimelines, clock.now - start)
            }
            print("\(policies.count) policies in parallel, recording timelines: \(Self.ms(withTimelines)) ms wall")
        }

        /// The ten policies through ``SimulationRunner`` as `headroom simulate` runs them, without timelines.
        private func runInParallel(_ simulation: Simulation, steps: Int, clock: ContinuousClock) async throws {
            let policies = Self.tenPolicies()
            var wall = Duration.seconds(1_000_000)
            var cpu = 0.0
            for _ in 0..<self.repeat {
                let start = clock.now
                let cpuStart = Self.cpuSeconds()
                _ = try await SimulationRunner.run(simulation, policies: policies)
                let elapsed = clock.now - start
                if elapsed < wall {
                    wall = elapsed
                    cpu = Self.cpuSeconds() - cpuStart
                }
            }
            print("\(policies.count) policies in parallel: \(Self.ms(wall)) ms wall, \(Self.rate(steps * policies.count, wall)) policy-steps/s (CPU time \(String(format: "%.0f", cpu * 1000)) ms, load average \(Self.loadAverage()))")
        }

        /// The least CPU time of this thread `body` took over --repeat runs: unlike wall time,
        /// not inflated by other processes on a shared machine.
        private func best(_ clock: ContinuousClock, _ body: () throws -> Void) throws -> Duration {
            var fastest = Duration.seconds(1_000_000)
            for _ in 0..<self.repeat {
                let start = Self.threadCPUSeconds()
                try body()
                fastest = min(fastest, .nanoseconds(Int64((Self.threadCPUSeconds() - start) * 1e9)))
            }
            return fastest
        }

        /// Three targets for each target-tracking baseline, and a fixed count.
        static func tenPolicies() -> [CapacityPolicy] {
            var policies: [CapacityPolicy] = []
            for target in [50.0, 60, 70] {
                let suffix = "-\(Int(target))"
                policies.append(BaselinePolicies.awsTargetTracking(name: "aws" + suffix, targetPercent: target))
                policies.append(BaselinePolicies.kubernetesHPA(name: "hpa" + suffix, targetPercent: target))
                policies.append(BaselinePolicies.headroom(name: "headroom" + suffix, targetPercent: target))
            }
            policies.append(BaselinePolicies.fixed(name: "static", units: 40))
            return policies
        }

        static func csv(_ trace: Trace) -> [UInt8] {
            var out = Array("timestamp,value\n".utf8)
            out.reserveCapacity(trace.count * 28)
            for step in 0..<trace.count {
                out.append(contentsOf: trace.timestampText(ofStep: step).utf8)
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: String(Int(trace.values[step])).utf8)
                out.append(UInt8(ascii: "\n"))
            }
            return out
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }

        static func ms(_ duration: Duration) -> String {
            String(format: "%.1f", seconds(duration) * 1000)
        }

        static func rate(_ count: Int, _ duration: Duration) -> String {
            let perSecond = Double(count) / Swift.max(seconds(duration), 1e-9)
            return perSecond >= 1e6 ? String(format: "%.2f M", perSecond / 1e6) : String(format: "%.0f k", perSecond / 1e3)
        }

        static func column(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }

        /// CPU time of this process so far, all threads.
        static func cpuSeconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }

        /// CPU time of the calling thread so far.
        static func threadCPUSeconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }

        /// The one-minute load average: other work on the machine skews wall times.
        static func loadAverage() -> String {
            guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
            return String(text.split(separator: " ").first ?? "unknown")
        }

        static func cpuModel() -> String {
            guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
                let colon = line.firstIndex(of: ":")
            else { return "unknown CPU" }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }
}
