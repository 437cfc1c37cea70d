package dev.signet.awsemulator;

import static dev.signet.awsemulator.EmulatorXml.escape;

import io.javalin.http.Context;

/** Answers in the AWS query protocol: {@code <ActionResponse><ActionResult>} or {@code <ErrorResponse>}, as XML. */
final class QueryXml {
    static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

    private QueryXml() {
    }

    /** {@code <name>text</name>}, escaped; nothing at all when text is null (AWS omits absent fields). */
    static String element(String name, Object text) {
        return text == null ? "" : "<" + name + ">" + escape(text.toString()) + "</" + name + ">";
    }

    static void success(Context ctx, String namespace, String action, String resultXml, String requestId) {
        String result = resultXml == null ? "" : "<" + action + "Result>" + resultXml + "</" + action + "Result>";
        send(ctx, 200, requestId, "<" + action + "Response xmlns=\"" + namespace + "\">" + result
                + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    static void error(Context ctx, String namespace, AwsException e, String requestId) {
        String type = e.error().httpStatus() >= 500 ? "Receiver" : "Sender";
        send(ctx, e.error().httpStatus(), requestId, "<ErrorResponse xmlns=\"" + namespace + "\"><Error>"
                + element("Type", type) + element("Code", e.error().code()) + element("Message", e.getMessage())
                + "</Error>" + element("RequestId", requestId) + "</ErrorResponse>");
    }

    private static void send(Context ctx, int status, String requestId, String body) {
        ctx.status(status).header("x-amzn-RequestId", requestId).contentType("text/xml")
                .result("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
    }
}
