package dev.signet.console;

import dev.signet.directory.User;
import java.util.List;

/**
 * What every console page's frame needs: title, the highlighted section, the administrator, the CSRF
 * token for its forms, and an optional notice ("User created.") from the action that led here.
 */
public record AdminChrome(String title, Section section, User user, String csrf, String notice) {
    public List<Section> sections() {
        return List.of(Section.values());
    }

    public boolean current(Section s) {
        return s == section;
    }

    public String displayName() {
        return user.displayName() != null ? user.displayName() : user.username();
    }
}
