import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// The timeline's columns recomputed independently from the trace and the desired column,
/// and every score recomputed from the timeline CSV.
@Suite struct TimelineTests {
    /// SIMULATION.md's physics written the slow, obvious way: every booting and preparing unit
    /// is an entry holding its arrival step.
    struct ReferenceReplay {
        var ready: [Int] = [], booting: [Int] = [], warm: [Int] = [], preparing: [Int] = []

        init(desired: [Int], initialReady: Int, bootSteps: Int, warmSteps: Int, pool: WarmPoolPolicy?) {
            var readyNow = initialReady
            var bootingUnits: [Int] = []
            var preparingUnits: [Int] = []
            var warmNow = pool.map { Swift.max($0.minSize, $0.maxGroupPreparedCapacity! - initialReady, 0) } ?? 0
            for t in desired.indices {
                readyNow += bootingUnits.filter { $0 == t }.count
                bootingUnits.removeAll { $0 == t }
                warmNow += preparingUnits.filter { $0 == t }.count
                preparingUnits.removeAll { $0 == t }
                ready.append(readyNow)
                booting.append(bootingUnits.count)
                warm.append(warmNow)
                preparing.append(preparingUnits.count)

                let inService = readyNow + bootingUnits.count
                if desired[t] > inService {
                    let launch = desired[t] - inService
                    let fromPool = Swift.min(warmNow, launch)
                    warmNow -= fromPool
                    bootingUnits += Array(repeating: t + warmSteps, count: fromPool)
                    bootingUnits += Array(repeating: t + bootSteps, count: launch - fromPool)
                } else if desired[t] < inService {
                    var remove = inService - desired[t]
                    bootingUnits.sort(by: >)
                    let fromBooting = Swift.min(remove, bootingUnits.count)
                    bootingUnits.removeFirst(fromBooting)
                    remove -= fromBooting
                    readyNow -= remove
                    if pool?.reuseOnScaleIn == true { warmNow += remove }
                }
                if let pool {
                    let target = Swift.max(pool.minSize, pool.maxGroupPreparedCapacity! - (readyNow + bootingUnits.count))
                    if warmNow + preparingUnits.count < target {
                        preparingUnits += Array(repeating: t + bootSteps, count: target - warmNow - preparingUnits.count)
                    } else if warmNow > target {
                        warmNow = target
                    }
                }
            }
        }
    }

    static let scenario = SimulationScenario(
        name: "recompute", capacityPerUnit: 40, sloUtilization: 0.8, minUnits: 2, bootSeconds: 180,
        warmStartSeconds: 60, metricLagSeconds: 120, pricePerUnitHour: 0.9, warmPricePerUnitHour: 0.07)

    static func policies() -> [CapacityPolicy] {
        var hpa = BaselinePolicies.kubernetesHPA(name: "hpa-pool")
        hpa.warmPool = WarmPoolPolicy(minSize: 2, maxGroupPreparedCapacity: 45, reuseOnScaleIn: true)
        var aws = BaselinePolicies.awsTargetTracking(name: "aws-pool")
        aws.warmPool = WarmPoolPolicy(minSize: 3, maxGroupPreparedCapacity: 30, reuseOnScaleIn: false)
        return [hpa, aws, BaselinePolicies.headroom(), BaselinePolicies.fixed(units: 30)]
    }

    @Test(arguments: policies())
    func columnsMatchAnIndependentReplay(policy: CapacityPolicy) throws {
        let simulation = try Simulation(trace: SyntheticTrace.diurnal(days: 2, peak: 1000), scenario: Self.scenario)
        let run = simulation.run(policy, recordTimeline: true)
        let timeline = try #require(run.timeline)
        let reference = ReferenceReplay(
            desired: ints(timeline.desired), initialReady: simulation.demand[0], bootSteps: 3, warmSteps: 1, pool: policy.warmPool)
        #expect(ints(timeline.ready) == reference.ready)
        #expect(ints(timeline.booting) == reference.booting)
        #expect(ints(timeline.warm) == reference.warm)
        #expect(ints(timeline.preparing) == reference.preparing)
        // The policy did something worth checking.
        #expect(run.scores.scalingActions > 0)
    }

    @Test(arguments: policies())
    func everyScoreFollowsFromTheTimelineCSV(policy: CapacityPolicy) throws {
        let trace = SyntheticTrace.diurnal(days: 2, peak: 1000)
        let simulation = try Simulation(trace: trace, scenario: Self.scenario)
        let run = simulation.run(policy, recordTimeline: true)
        let csv = String(decoding: TimelineCSV.render(try #require(run.timeline), of: simulation), as: UTF8.self)
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.removeLast() == "")
        #expect(lines.removeFirst() == "t,timestamp,load,demand,desired,ready,booting,warm,preparing,utilization,cost")
        #expect(lines.count == trace.count)

        let c = 40.0, s = 0.8, price = 0.9 * 60 / 3600, warmPrice = 0.07 * 60 / 3600
        var cost = 0.0, oracle = 0.0, underSteps = 0, overSteps = 0, short = 0, thetaU = 0.0, thetaO = 0.0
        var actions = 0, maxU = 0.0
        for (index, line) in lines.enumerated() {
            let f = line.split(separator: ",").map(String.init)
            #expect(f.count == 11)
            #expect(Int(f[0]) == index)
            #expect(f[1] == UTCTimestamp.format(trace.startSeconds + Int64(index) * 60))
            let load = Double(f[2])!, demand = Int(f[3])!, desired = Int(f[4])!
            let ready = Int(f[5])!, booting = Int(f[6])!, warm = Int(f[7])!, preparing = Int(f[8])!
            #expect(load == trace.values[index])
            #expect(demand == Swift.max(2, Int((load / (c * s) - 1e-9).rounded(.up))))
            let u = load == 0 ? 0 : (ready == 0 ? Double.infinity : load / (Double(ready) * c))
            #expect(f[9] == (u.isInfinite ? "inf" : nil) || close(Double(f[9])!, u))
            let stepCost = Double(ready + booting + preparing) * price + Double(warm) * warmPrice
            #expect(close(Double(f[10])!, stepCost))
            cost += Double(f[10])!
            oracle += Double(demand) * price
            if ready < demand {
                underSteps += 1
                short += demand - ready
                thetaU += Double(demand - ready) / Double(Swift.max(demand, 1))
            } else if ready > demand {
                overSteps += 1
                thetaO += Double(ready - demand) / Double(Swift.max(demand, 1))
            }
            if desired != ready + booting { actions += 1 }
            maxU = Swift.max(maxU, u)
        }
        let scores = run.scores
        let T = Double(trace.count)
        #expect(close(scores.cost, cost))
        #expect(close(scores.oracleCost, oracle))
        #expect(close(scores.costRatio, cost / oracle))
        #expect(scores.underProvisionedSeconds == Double(underSteps * 60))
        #expect(scores.unitStepsShort == short)
        #expect(close(scores.thetaU, 100 / T * thetaU))
        #expect(close(scores.thetaO, 100 / T * thetaO))
        #expect(close(scores.tauU, 100 / T * Double(underSteps)))
        #expect(close(scores.tauO, 100 / T * Double(overSteps)))
        #expect(scores.scalingActions == actions)
        #expect(close(scores.maxUtilization, maxU))
    }

    @Test func secondsTracesKeepTheirTimestampsInTheTimeline() throws {
        let trace = Trace(name: "s", timestampFormat: .seconds, startSeconds: 100, stepSeconds: 5, values: [0, 3])
        let simulation = try Simulation(trace: trace, scenario: handScenario(minUnits: 0))
        let run = simulation.run(BaselinePolicies.fixed(units: 0, bounds: CapacityBounds(min: 0, max: 3)), recordTimeline: true)
        let csv = String(decoding: TimelineCSV.render(try #require(run.timeline), of: simulation), as: UTF8.self)
        // Step 1 has load and no unit: utilization inf.
        #expect(csv == """
            t,timestamp,load,demand,desired,ready,booting,warm,preparing,utilization,cost
            0,100,0,0,0,0,0,0,0,0,0
            1,105,3,1,0,0,0,0,0,inf,0

            """)
    }
}
