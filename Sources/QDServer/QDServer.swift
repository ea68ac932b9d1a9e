/// QDServer: HTTP endpoints on the QDLab library; the only target importing Hummingbird.
public enum QDServer {}
