/// QDOptimize: search spaces, acquisitions, Bayesian optimisation, NSGA-II and campaigns (issue 6).
public enum QDOptimize {}
