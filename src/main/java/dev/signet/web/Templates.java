package dev.signet.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** Renders the precompiled JTE templates (compiled and type-checked at build time). */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public void render(Context ctx, int status, String template, Object view) {
        StringOutput out = new StringOutput();
        engine.render(template, Map.of("view", view), out);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }
}
