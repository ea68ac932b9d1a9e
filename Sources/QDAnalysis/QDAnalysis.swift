/// QDAnalysis: characterisation and quality control (issue 8): spectra, peak fitting, micrographs, control charts.
public enum QDAnalysis {}
