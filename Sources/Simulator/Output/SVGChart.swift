import Foundation

/// A line chart of per-step series as inline SVG, downsampled to one bucket per pixel column
/// (first, minimum, maximum and last value of each), so a year of steps stays a few hundred
/// kilobytes and a one-minute spike in it still shows.
struct SVGChart {
    struct Series {
        var label: String
        var color: String
        var width: Double = 1.5
        var opacity: Double = 1
        /// Fill the area under the series' maxima, in `color`, at this opacity.
        var fillOpacity: Double?
        var values: [Double]
    }

    var width = 960.0
    var height = 280.0
    var series: [Series]
    /// Per step of the range: whether it was under-provisioned (shaded red).
    var under: [Bool]
    /// Seconds of the first step, seconds per step, how to label time.
    var startSeconds: Int64
    var stepSeconds: Int
    var timestampFormat: Trace.TimestampFormat
    var yTitle: String

    private let left = 58.0, right = 14.0, top = 12.0, bottom = 42.0

    func render() -> String {
        let count = under.count
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let buckets = Swift.max(1, Swift.min(count, Int(plotWidth)))
        let bucketWidth = plotWidth / Double(buckets)
        func bucketRange(_ bucket: Int) -> Range<Int> {
            (bucket * count / buckets)..<((bucket + 1) * count / buckets)
        }

        var maximum = 0.0
        for line in series { for value in line.values where value.isFinite { maximum = Swift.max(maximum, value) } }
        let yTicks = ChartTicks.values(upTo: maximum * 1.05)
        let yMax = yTicks.last ?? 1
        func y(_ value: Double) -> Double { top + plotHeight - plotHeight * Swift.min(value, yMax) / yMax }
        func x(_ bucket: Int) -> Double { left + Double(bucket) * bucketWidth }

        var svg = """
            <svg class="chart" viewBox="0 0 \(f(width)) \(f(height))" xmlns="http://www.w3.org/2000/svg" role="img">

            """
        // Under-provisioned steps: a strip along the bottom, darker where more of the column was
        // short; when every step has its own column, also a translucent band over the plot.
        let downsampled = buckets < count
        var bucket = 0
        while bucket < buckets {
            guard underShare(bucketRange(bucket)) > 0 else {
                bucket += 1
                continue
            }
            var end = bucket + 1
            while end < buckets, underShare(bucketRange(end)) > 0 { end += 1 }
            if !downsampled {
                svg += "<rect x=\"\(f(x(bucket)))\" y=\"\(f(top))\" width=\"\(f(x(end) - x(bucket)))\" height=\"\(f(plotHeight))\" class=\"under-band\"/>\n"
            }
            for column in bucket..<end {
                let opacity = 0.3 + 0.7 * underShare(bucketRange(column))
                svg += "<rect x=\"\(f(x(column)))\" y=\"\(f(top + plotHeight - 7))\" width=\"\(f(bucketWidth))\" height=\"7\" fill=\"#dc2626\" fill-opacity=\"\(f(opacity))\"/>\n"
            }
            bucket = end
        }

        // Grid and value axis.
        for tick in yTicks {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" class=\"grid\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(NumberText.json(tick))</text>\n"
        }
        svg += "<text transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\" class=\"axis-title\" text-anchor=\"middle\">\(HTMLText.escape(yTitle))</text>\n"

        // Time axis.
        let first = startSeconds
        let last = startSeconds + Int64(count) * Int64(stepSeconds)
        let (timeTicks, interval) = ChartTicks.times(from: first, to: last)
        for tick in timeTicks {
            let position = left + plotWidth * Double(tick - first) / Double(Swift.max(1, last - first))
            svg += "<line x1=\"\(f(position))\" x2=\"\(f(position))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" class=\"grid\"/>\n"
            let label = ChartTicks.label(tick, interval: interval, span: last - first, format: timestampFormat)
            svg += "<text x=\"\(f(position))\" y=\"\(f(top + plotHeight + 16))\" class=\"tick\" text-anchor=\"middle\">\(label)</text>\n"
        }
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" class=\"axis-title\" text-anchor=\"middle\">\(ChartTicks.axisTitle(timestampFormat))</text>\n"

        // Series.
        for line in series {
            var path = ""
            var area = "M\(f(x(0))),\(f(y(0)))"
            for bucket in 0..<buckets {
                let range = bucketRange(bucket)
                guard !range.isEmpty else { continue }
                var low = line.values[range.lowerBound], high = low
                for index in range {
                    low = Swift.min(low, line.values[index])
                    high = Swift.max(high, line.values[index])
                }
                let firstY = y(line.values[range.lowerBound]), lastY = y(line.values[range.upperBound - 1])
                let x0 = x(bucket), x1 = x(bucket + 1), middle = (x0 + x1) / 2
                path += path.isEmpty ? "M" : "L"
                path += "\(f(x0)),\(f(firstY))"
                if low != high { path += "L\(f(middle)),\(f(y(high)))L\(f(middle)),\(f(y(low)))" }
                path += "L\(f(x1)),\(f(lastY))"
                area += "L\(f(x0)),\(f(y(high)))L\(f(x1)),\(f(y(high)))"
            }
            if let opacity = line.fillOpacity {
                area += "L\(f(x(buckets))),\(f(y(0)))Z"
                svg += "<path d=\"\(area)\" fill=\"\(line.color)\" fill-opacity=\"\(f(opacity))\" stroke=\"none\"/>\n"
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(f(line.width))\" stroke-opacity=\"\(f(line.opacity))\" stroke-linejoin=\"round\"><title>\(HTMLText.escape(line.label))</title></path>\n"
        }
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" class=\"frame\"/>\n"
        svg += "</svg>\n"
        return svg
    }

    private func underShare(_ range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        var short = 0
        for index in range where under[index] { short += 1 }
        return Double(short) / Double(range.count)
    }

    /// Coordinates with one decimal: enough for a pixel, small files.
    private func f(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
