package io.leadscore.serving.store;

/** The model that scored a lead: registered name, version and experiment arm (champion or challenger). */
public record ModelRef(String name, String version, String arm) {}
