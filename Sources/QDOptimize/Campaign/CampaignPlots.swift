import QDPlot

/// Charts of a campaign for `qdlab campaign status --svg` and reports.
public enum CampaignPlots {
    /// Each observed experiment's objective response (points) and the best so far (line), in observation order.
    /// For target goals the target is drawn as a rule.
    ///
    /// Desirability and Chimera campaigns plot their score (D, or −χ) instead; `pareto` and `ehvi` campaigns the
    /// hypervolume of the results so far against the campaign's reference point.
    public static func convergence(_ campaign: Campaign) -> Chart {
        switch campaign.strategy {
        case .single: return singleConvergence(campaign)
        case .desirability, .chimera: return scoreConvergence(campaign)
        case .pareto, .ehvi: return hypervolumeConvergence(campaign)
        }
    }

    /// Observed trials in observation order.
    private static func ordered(_ campaign: Campaign) -> [Trial] {
        campaign.observed.sorted { ($0.observedAt ?? "", $0.index) < ($1.observedAt ?? "", $1.index) }
    }

    /// Each experiment's scalarised score and the best so far.
    private static func scoreConvergence(_ campaign: Campaign) -> Chart {
        let label = campaign.strategy == .desirability ? "desirability D" : "Chimera score −χ"
        var chart = Chart(title: "Campaign \(campaign.id)", xLabel: "experiment", yLabel: label)
        let trials = Self.ordered(campaign)
        let xs = trials.indices.map { Double($0 + 1) }
        chart.series.append(.init("each experiment", x: xs, y: trials.map { campaign.score($0) ?? .nan }, style: .points))
        chart.series.append(.init("best so far", x: xs, y: campaign.bestSoFar.map { $0.isFinite ? $0 : .nan }, style: .line))
        return chart
    }

    /// The hypervolume after each experiment.
    private static func hypervolumeConvergence(_ campaign: Campaign) -> Chart {
        var chart = Chart(title: "Campaign \(campaign.id)", xLabel: "experiment", yLabel: "hypervolume")
        let values = campaign.hypervolumeSoFar
        chart.series.append(.init("hypervolume so far", x: values.indices.map { Double($0 + 1) }, y: values, style: .line))
        return chart
    }

    /// The objective space of a 2-objective campaign: every completed experiment and the Pareto front (responses
    /// in their own units), or nil for another number of objectives.
    public static func front(_ campaign: Campaign) -> Chart? {
        let objectives = campaign.spec.allObjectives
        guard objectives.count == 2 else { return nil }
        var chart = Chart(title: "Campaign \(campaign.id): Pareto front", xLabel: objectives[0].response, yLabel: objectives[1].response)
        let completed = campaign.trials.filter { $0.status == .completed }
        let front = campaign.paretoFront.sorted { ($0.responses[objectives[0].response] ?? 0) < ($1.responses[objectives[0].response] ?? 0) }
        chart.series.append(.init("each experiment", x: completed.map { $0.responses[objectives[0].response] ?? .nan },
                                  y: completed.map { $0.responses[objectives[1].response] ?? .nan }, style: .points))
        chart.series.append(.init("Pareto front", x: front.map { $0.responses[objectives[0].response] ?? .nan },
                                  y: front.map { $0.responses[objectives[1].response] ?? .nan }, style: .line))
        return chart
    }

    /// The single objective's response per experiment and the best so far.
    private static func singleConvergence(_ campaign: Campaign) -> Chart {
        let response = campaign.spec.objective.response
        var chart = Chart(title: "Campaign \(campaign.id)", xLabel: "experiment", yLabel: response)
        let ordered = Self.ordered(campaign)
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
