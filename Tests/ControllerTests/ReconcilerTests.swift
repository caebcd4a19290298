import CapacityCore
import Controller
import Foundation
import Testing

@Suite("Reconciler")
struct ReconcilerTests {
    func reconciler(_ policies: [CapacityPolicy], _ backend: FakeBackend, _ metrics: FakeMetrics, store: any DecisionStateStore = InMemoryStateStore(), journal: DecisionJournal = DecisionJournal(url: nil)) -> Reconciler {
        Reconciler(policies: policies, backend: backend, metrics: metrics, store: store, journal: journal)
    }

    @Test func scalesOutWhereTheMetricAsksAndWritesNothingElse() async {
        let api = ecs("api"), web = ecs("web")
        let backend = FakeBackend([api: TargetState(desired: 4, running: 4), web: TargetState(desired: 3, running: 3)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        await metrics.set("cpu:\(web)", 60)
        let report = await reconciler([cpuPolicy(api), cpuPolicy(web)], backend, metrics).reconcile(at: start, actuate: true)
        #expect(await backend.writes == ["ecs:prod/api desired=6"])
        #expect(report.outcomes.map(\.decision?.desired) == [6, 3])
        #expect(await backend.describeCalls.count == 1, "one batched describe per tick")
        #expect(await metrics.batches == [2], "one batched metric read per tick")
    }

    @Test func dryRunDecidesButNeverWritesOrRemembers() async {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 4, running: 4)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        let reconciler = reconciler([cpuPolicy(api)], backend, metrics)
        let report = await reconciler.reconcile(at: start, actuate: false)
        #expect(report.outcomes.first?.actions == [.setDesired(from: 4, to: 6)])
        #expect(await backend.writes.isEmpty)
        #expect(await reconciler.record(for: api) == nil)
    }

    @Test func oneTargetsFailureNeverStopsTheOthers() async {
        let api = ecs("api"), gone = ecs("gone"), denied = ecs("denied")
        let backend = FakeBackend([api: TargetState(desired: 2, running: 2), denied: TargetState(desired: 2, running: 2)])
        await backend.failWrites(denied, .accessDenied("not authorized to perform ecs:UpdateService"))
        let metrics = FakeMetrics()
        for target in [api, gone, denied] { await metrics.set("cpu:\(target)", 120) }
        let report = await reconciler([cpuPolicy(gone), cpuPolicy(denied), cpuPolicy(api)], backend, metrics).reconcile(at: start, actuate: true)
        #expect(await backend.writes == ["ecs:prod/api desired=4"])
        #expect(report.failures.map(\.target) == [gone, denied])
        #expect(report.failures.first?.error?.isNotFound == true)
    }

    @Test func aFailedWriteIsNotRememberedAsDone() async {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 2, running: 2)])
        await backend.failWrites(api, .throttled("Rate exceeded"))
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 120)
        let reconciler = reconciler([cpuPolicy(api)], backend, metrics)
        _ = await reconciler.reconcile(at: start, actuate: true)
        #expect(await reconciler.record(for: api)?.memory.lastScaleOut == nil)
        await backend.failWrites(api, nil)
        _ = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        #expect(await backend.writes == ["ecs:prod/api desired=4"])
    }

    @Test func metricsOutageNeverScalesIn() async {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 8, running: 8)])
        let metrics = FakeMetrics()
        await metrics.setDown(true)
        let reconciler = reconciler([cpuPolicy(api, scaleInWindow: 0)], backend, metrics)
        for minute in 0..<10 {
            _ = await reconciler.reconcile(at: start.addingTimeInterval(Double(minute * 60)), actuate: true)
        }
        #expect(await backend.targets[api]?.desired == 8)
        #expect(await backend.writes.isEmpty)
    }

    @Test func stabilizationSurvivesARestart() async throws {
        let api = ecs("api")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-state-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let backend = FakeBackend([api: TargetState(desired: 10, running: 10)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 60)
        let first = reconciler([cpuPolicy(api)], backend, metrics, store: FileStateStore(url: file))
        _ = await first.reconcile(at: start, actuate: true)  // recommends 10
        await metrics.set("cpu:\(api)", 30)
        // A new process, 60 s later: it must remember the recommendation of 10 from t=0.
        let second = reconciler([cpuPolicy(api)], backend, metrics, store: FileStateStore(url: file))
        let held = await second.reconcile(at: start.addingTimeInterval(60), actuate: true)
        #expect(held.outcomes.first?.decision?.desired == 10)
        #expect(await backend.writes.isEmpty)
        let later = await second.reconcile(at: start.addingTimeInterval(301), actuate: true)
        #expect(later.outcomes.first?.decision?.desired == 5)
    }

    @Test func targetBoundsAreRespectedWhenThePolicyHasNoSchedules() async {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 4, running: 4, bounds: CapacityBounds(min: 1, max: 5))])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 300)
        _ = await reconciler([cpuPolicy(api, max: 50)], backend, metrics).reconcile(at: start, actuate: true)
        #expect(await backend.writes == ["ecs:prod/api desired=5"])
    }

    @Test func warmPoolIsPutWhenItsConfigurationDiffers() async {
        let gpu = TargetReference.autoScalingGroup(name: "gpu")
        let backend = FakeBackend([gpu: TargetState(desired: 2, running: 2)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(gpu)", 60)
        let reconciler = reconciler([cpuPolicy(gpu, warmPool: WarmPoolPolicy(minSize: 1, maxGroupPreparedCapacity: 6))], backend, metrics)
        _ = await reconciler.reconcile(at: start, actuate: true)
        #expect(await backend.writes == ["asg:gpu warmPool min=1 maxPrepared=6"])
        await backend.clearWrites()
        _ = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        #expect(await backend.writes.isEmpty, "no write when nothing changes")
    }

    @Test func journalRecordsActuationsAndHeldDecisions() async throws {
        let api = ecs("api")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let journal = DecisionJournal(url: file)
        let backend = FakeBackend([api: TargetState(desired: 4, running: 4)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        let reconciler = reconciler([cpuPolicy(api)], backend, metrics, journal: journal)
        _ = await reconciler.reconcile(at: start, actuate: true)
        await metrics.set("cpu:\(api)", 20)
        _ = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        try await journal.close()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let entries = try lines.map { try JSONDecoder().decode(DecisionJournal.Entry.self, from: Data($0.utf8)) }
        #expect(entries[0].action == "scale-out")
        #expect(entries[0].before == 4 && entries[0].after == 6)
        #expect(entries[0].reasons.first?.code == "metric_proposal")
        #expect(entries[1].action == "held")
        #expect(entries[1].reasons.contains { $0.code == "stabilized" })
    }

    /// Three ECS services on CPU with a one-day forecast, two days of history for each in the
    /// source (30 % CPU on 4 tasks: 2 units), running at 60 % on 4 tasks now (4 units, no change),
    /// and a reconciler over them. The source's first `failingReads` batches fail.
    func forecastingFleet(failingReads: Int = 0) async -> (Reconciler, BatchRecordingHistory, [TargetReference]) {
        let targets = [ecs("api"), ecs("web"), ecs("jobs")]
        var policies: [CapacityPolicy] = []
        var series: [String: [(Date, Double)]] = [:]
        for target in targets {
            var policy = cpuPolicy(target)
            policy.forecast = ForecastPolicy(horizonSeconds: 900, bucketSeconds: 300, seasonsSeconds: [86_400], historySeconds: 2 * 86_400)
            policies.append(policy)
            // CPU is an average: the load needs the service's running tasks too.
            let tasks = target.capacityHistoryQueryForTests(periodSeconds: 300)
            series["PromQL `cpu:\(target)`"] = (1...575).map { (start.addingTimeInterval(Double(-300 * $0)), 30) }
            series[tasks.displayName] = (1...575).map { (start.addingTimeInterval(Double(-300 * $0)), 4) }
        }
        let history = BatchRecordingHistory(TableHistory(series: series), failingReads: failingReads)
        let backend = FakeBackend(Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetState(desired: 4, running: 4)) }))
        let metrics = FakeMetrics()
        for target in targets { await metrics.set("cpu:\(target)", 60) }
        let reconciler = Reconciler(
            policies: policies, backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil),
            history: history)
        return (reconciler, history, targets)
    }

    @Test("forecast history: every forecasting target is seeded from one batched read, once")
    func forecastHistoryIsSeededInOneBatch() async throws {
        let (reconciler, history, targets) = await forecastingFleet()
        _ = await reconciler.reconcile(at: start, actuate: true)
        _ = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)

        let batches = await history.batches
        #expect(batches.count == 1, "one read for all three targets, and none on the next tick")
        #expect(batches.first?.count == 6, "three CPU series and three RunningTaskCount series: \(batches.first ?? [])")
        for target in targets {
            let seeded = await reconciler.record(for: target)?.memory.history?.span ?? 0
            #expect(seeded >= 86_400, "\(target) has \(seeded) s of history")
        }
    }

    @Test("forecast history in the background: ticks read none; the read keeps what the ticks recorded meanwhile")
    func forecastHistoryInTheBackground() async throws {
        let (reconciler, history, targets) = await forecastingFleet()
        await reconciler.seedHistoryInBackground()
        // Ten minutes of ticks: reactive, each recording live load as it goes.
        for second in stride(from: 0, through: 600, by: 15) {
            _ = await reconciler.reconcile(at: start.addingTimeInterval(Double(second)), actuate: true)
        }
        #expect(await history.batches.isEmpty, "no tick waited for history")
        let live = try #require(await reconciler.record(for: targets[0])?.memory.history)
        #expect(live.span < 3600)

        await reconciler.seedPendingHistory(at: start.addingTimeInterval(600))
        #expect(await history.batches.count == 1)
        // One more tick closes the bucket the live load was carried into.
        _ = await reconciler.reconcile(at: start.addingTimeInterval(615), actuate: true)
        for target in targets {
            let merged = try #require(await reconciler.record(for: target)?.memory.history)
            #expect(merged.span >= 86_400, "\(target): the past arrived")
            #expect(merged.value(at: merged.index(of: start.addingTimeInterval(-3600))) == 2, "\(target): the past as read")
            #expect(merged.value(at: merged.index(of: start)) == 4, "\(target): the live load recorded meanwhile stayed")
        }
        await reconciler.seedPendingHistory(at: start.addingTimeInterval(615))
        #expect(await history.batches.count == 1, "read once per target and forecast settings")
    }

    @Test("forecast history: a failed read is tried again after one minute, then two; the target is reactive meanwhile")
    func aFailedHistoryReadIsRetriedWithBackoff() async throws {
        let (reconciler, history, targets) = await forecastingFleet(failingReads: 2)
        await reconciler.seedHistoryInBackground()
        func seeded() async -> Bool { (await reconciler.record(for: targets[0])?.memory.history?.span ?? 0) >= 86_400 }

        await reconciler.seedPendingHistory(at: start)
        #expect(await history.batches.count == 1)
        let report = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        #expect(report.outcomes.allSatisfy { $0.decision?.desired == 4 }, "reactive while the history is missing")
        for outcome in report.outcomes {
            guard case .historyUnreadable(_, let needed, let reason, let retryAt)? = outcome.forecast else {
                Issue.record("\(outcome.target): \(String(describing: outcome.forecast))")
                continue
            }
            #expect(needed == 86_400 && retryAt == start.addingTimeInterval(60))
            #expect(reason.contains("`cpu:\(outcome.target)` failed: Refused"), "\(reason)")
            let message = outcome.forecast?.description ?? ""
            #expect(message.contains("could not read the forecast's history"), "\(message)")
            #expect(message.contains("tries again at \(retryAt.formatted(.iso8601))"), "\(message)")
        }
        await reconciler.seedPendingHistory(at: start.addingTimeInterval(59))
        #expect(await history.batches.count == 1, "not again within the first minute")

        await reconciler.seedPendingHistory(at: start.addingTimeInterval(60))
        #expect(await history.batches.count == 2, "again after a minute; this read fails too")
        await reconciler.seedPendingHistory(at: start.addingTimeInterval(179))
        #expect(await history.batches.count == 2, "the second pause is two minutes")
        #expect(!(await seeded()))

        await reconciler.seedPendingHistory(at: start.addingTimeInterval(180))
        #expect(await history.batches.count == 3)
        #expect(await seeded())
        let after = await reconciler.reconcile(at: start.addingTimeInterval(195), actuate: true)
        #expect(after.outcomes.allSatisfy { if case .ready? = $0.forecast { true } else { false } }, "\(after.outcomes.map(\.forecast))")
        await reconciler.seedPendingHistory(at: start.addingTimeInterval(7200))
        #expect(await history.batches.count == 3, "read, so not read again")
    }

    @Test("forecast history: the pause between failed reads doubles up to an hour")
    func historyRetryPausesDoubleUpToAnHour() async throws {
        let (reconciler, history, _) = await forecastingFleet(failingReads: 100)
        var now = start
        await reconciler.seedPendingHistory(at: now)
        for pause in [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600] {
            let reads = await history.batches.count
            await reconciler.seedPendingHistory(at: now.addingTimeInterval(Double(pause - 1)))
            #expect(await history.batches.count == reads, "no read before \(pause) s")
            now = now.addingTimeInterval(Double(pause))
            await reconciler.seedPendingHistory(at: now)
            #expect(await history.batches.count == reads + 1, "a read after \(pause) s")
        }
    }

    @Test("ForecastHistoryService reads the history beside the loop and stops when cancelled")
    func forecastHistoryServiceSeedsBesideTheLoop() async throws {
        let (reconciler, history, targets) = await forecastingFleet()
        let service = ForecastHistoryService(reconciler: reconciler, election: nil, interval: .milliseconds(20), wallClock: { start })
        let running = Task { try await service.run() }
        let deadline = ContinuousClock.now + .seconds(10)
        func seeded() async -> Bool { (await reconciler.record(for: targets[0])?.memory.history?.span ?? 0) >= 86_400 }
        while !(await seeded()), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await seeded())
        #expect(await history.batches.count == 1, "later rounds find nothing left to read")
        // The service switched ticks off reading history.
        _ = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        #expect(await history.batches.count == 1)
        running.cancel()
        _ = await running.result
    }
}

extension TargetReference {
    /// The capacity series the loader reads for an average metric (Container Insights' RunningTaskCount).
    func capacityHistoryQueryForTests(periodSeconds: Int) -> MetricQuery {
        guard case .ecsService(let cluster, let service) = self else { fatalError("ECS services only") }
        return .cloudWatch(CloudWatchMetric(
            namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount",
            dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: service)],
            statistic: "Average", periodSeconds: periodSeconds))
    }
}
