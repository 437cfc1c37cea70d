package dev.signet.mappings;

/** A property mapping as an administrator gives it; null means "not given" (on a change: keep). */
public record PropertyMappingInput(String name, String samlName, String friendlyName, String nameFormat, String expression,
                                   String description) {
}
