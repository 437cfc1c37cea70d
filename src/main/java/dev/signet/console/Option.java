package dev.signet.console;

/** One choice of a select or checkbox group: the submitted value and what the administrator reads. */
public record Option(String value, String label) {
}
