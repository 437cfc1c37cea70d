package dev.signet.aws.preflight;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one preflight rule came out; ordered from best to worst. */
public enum Status {
    PASS, WARNING, FAIL;

    /** "pass", "warning" or "fail" in JSON. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The worse of the two. */
    public Status worse(Status other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
