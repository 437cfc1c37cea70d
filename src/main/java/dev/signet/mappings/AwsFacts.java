package dev.signet.mappings;

import dev.signet.directory.Group;
import java.util.List;
import java.util.UUID;

/**
 * What the {@code aws.*} variables hold for an application: the AWS package knows the role mapping
 * and session duration; mappings only ask. Applications that are not AWS applications give none.
 */
public interface AwsFacts {
    /** The Role values ({@code roleArn,providerArn}) the user's groups map to, without repeats. */
    List<String> roles(UUID applicationId, List<Group> userGroups);

    /** The console session length in seconds, or 0 when the application sets none. */
    int sessionDuration(UUID applicationId);

    AwsFacts NONE = new AwsFacts() {
        @Override
        public List<String> roles(UUID applicationId, List<Group> userGroups) {
            return List.of();
        }

        @Override
        public int sessionDuration(UUID applicationId) {
            return 0;
        }
    };
}
