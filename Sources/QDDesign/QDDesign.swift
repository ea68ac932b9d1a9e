/// QDDesign: inverse design and virtual screening (issue 9): from a target colour and constraints to ranked
/// candidates and recipes.
public enum QDDesign {}
