package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/account", "/application/launch/aws?x=1", "/a/b#frag"})
    void local_paths_are_kept(String next) {
        assertThat(SafeRedirect.localPathOrRoot(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil", "javascript:alert(1)",
            "http:/evil", "evil.example", "/\nLocation: x", " /account", "/\tx"})
    void anything_else_becomes_the_root(String next) {
        assertThat(SafeRedirect.localPathOrRoot(next)).isEqualTo("/");
    }
}
