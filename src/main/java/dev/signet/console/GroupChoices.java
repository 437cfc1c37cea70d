package dev.signet.console;

import dev.signet.directory.DirectoryService;
import dev.signet.directory.Group;
import dev.signet.errors.NotFoundException;
import dev.signet.storage.PageRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The groups a form offers (a parent select, access checkboxes): the first {@link PageRequest#MAX_LIMIT}
 * by name, plus the ones the edited object already refers to, so that saving the form unchanged keeps
 * a reference to a group beyond that page instead of clearing it.
 */
final class GroupChoices {
    private GroupChoices() {
    }

    /** The listed groups, then each of {@code stored} not among them (one since deleted is left out). */
    static List<Group> listedPlus(DirectoryService directory, Collection<UUID> stored) {
        List<Group> groups = new ArrayList<>(directory.listGroups(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items());
        Set<UUID> listed = groups.stream().map(Group::id).collect(Collectors.toSet());
        for (UUID id : stored) {
            if (id != null && listed.add(id)) {
                try {
                    groups.add(directory.getGroup(id));
                } catch (NotFoundException e) {
                    // gone since: nothing to keep
                }
            }
        }
        return groups;
    }
}
