package dev.signet.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A urlencoded form body with repeated fields (checkbox groups), which a map cannot hold, plus the CSRF token. */
final class FormBody {
    private FormBody() {
    }

    static String of(List<Map.Entry<String, String>> fields, String csrf) {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.add(Map.entry("csrf", csrf));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : all) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
