import QDPlot

/// Charts of a campaign for `qdlab campaign status --svg` and reports.
public enum CampaignPlots {
    /// Each observed experiment's objective response (points) and the best so far (line), in observation order.
    /// For target goals the target is drawn as a rule.
    public static func convergence(_ campaign: Campaign) -> Chart {
        let response = campaign.spec.objective.response
        var chart = Chart(title: "Campaign \(campaign.id)", xLabel: "experiment", yLabel: response)
        let ordered = campaign.observed.sorted { ($0.observedAt ?? "", $0.index) < ($1.observedAt ?? "", $1.index) }
        let xs = ordered.indices.map { Double($0 + 1) }
        let values = ordered.map { campaign.objectiveValue($0) ?? .nan }
        var best: (value: Double, score: Double)?
        let running = ordered.map { t -> Double in
            if let s = campaign.score(t), let v = campaign.objectiveValue(t), s > (best?.score ?? -.infinity) { best = (v, s) }
            return best?.value ?? .nan
        }
        chart.series.append(.init("each experiment", x: xs, y: values, style: .points))
        chart.series.append(.init("best so far", x: xs, y: running, style: .line))
        if campaign.spec.objective.goal == "target", let t = campaign.spec.objective.target {
            chart.rules.append(.init(axis: .y, value: t, label: "target"))
        }
        return chart
    }
}
