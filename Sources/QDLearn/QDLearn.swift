/// QDLearn: property prediction (gradient boosting, random forests, Gaussian processes, SVR, neural nets,
/// physics-informed hybrids), honest validation and uncertainty. Built out under issue 4.
public enum QDLearn {}
