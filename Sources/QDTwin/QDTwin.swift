/// QDTwin: a digital twin of a hot-injection reactor and the Reactor protocol (issue 7).
public enum QDTwin {}
