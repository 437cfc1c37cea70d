package dev.signet.saml;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Serialises documents as UTF-8 without a byte-order mark (AWS rejects metadata with one) and without
 * re-indenting signed content. A direct DOM walk: on the SSO hot path it costs a fraction of the
 * JDK's identity Transformer. Any namespace in use that no xmlns attribute declares is declared on
 * output, so the text always parses back to the same names (and signatures computed over the DOM
 * verify).
 */
public final class XmlWriter {
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    private static final String XML = "http://www.w3.org/XML/1998/namespace";

    private XmlWriter() {
    }

    public static byte[] toBytes(Document doc) {
        StringBuilder out = new StringBuilder(8192).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            write(n, Map.of(), out);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Node node, Map<String, String> outerScope, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> element((Element) node, outerScope, out);
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text(node.getNodeValue(), out);
            case Node.COMMENT_NODE -> out.append("<!--").append(node.getNodeValue()).append("-->");
            case Node.PROCESSING_INSTRUCTION_NODE -> out.append("<?").append(node.getNodeName()).append(' ')
                    .append(node.getNodeValue()).append("?>");
            default -> {
                // document type and entity nodes: Signet neither builds nor accepts them
            }
        }
    }

    private static void element(Element e, Map<String, String> outerScope, StringBuilder out) {
        Map<String, String> scope = outerScope;
        out.append('<').append(e.getNodeName());
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                scope = declare(scope, "xmlns".equals(a.getName()) ? "" : a.getLocalName(), a.getValue());
            }
            attribute(a.getName(), a.getValue(), out);
        }
        scope = declareIfMissing(e.getPrefix(), e.getNamespaceURI(), scope, out);
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (a.getNamespaceURI() != null && !XMLNS.equals(a.getNamespaceURI()) && !XML.equals(a.getNamespaceURI())) {
                scope = declareIfMissing(a.getPrefix(), a.getNamespaceURI(), scope, out);
            }
        }
        if (!e.hasChildNodes()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            write(n, scope, out);
        }
        out.append("</").append(e.getNodeName()).append('>');
    }

    private static Map<String, String> declareIfMissing(String prefix, String namespace, Map<String, String> scope, StringBuilder out) {
        String key = prefix == null ? "" : prefix;
        String uri = namespace == null ? "" : namespace;
        if (uri.equals(scope.getOrDefault(key, ""))) {
            return scope;
        }
        attribute(key.isEmpty() ? "xmlns" : "xmlns:" + key, uri, out);
        return declare(scope, key, uri);
    }

    private static Map<String, String> declare(Map<String, String> scope, String prefix, String uri) {
        Map<String, String> copy = new HashMap<>(scope);
        copy.put(prefix, uri);
        return copy;
    }

    private static void attribute(String name, String value, StringBuilder out) {
        out.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> out.append(allowed(value, i));
            }
        }
        out.append('"');
    }

    private static void text(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(allowed(value, i));
            }
        }
    }

    /** Whether every character of the value can be written (see {@link #allowed}). */
    public static boolean isWritable(String value) {
        try {
            for (int i = 0; i < value.length(); i++) {
                allowed(value, i);
            }
            return true;
        } catch (UnwritableCharacterException e) {
            return false;
        }
    }

    /**
     * The character at {@code i} if XML 1.0 can carry it (its Char production); a control character,
     * U+FFFE/U+FFFF or a lone surrogate would make the output unparseable, or differ from what was signed.
     */
    private static char allowed(String value, int i) {
        char c = value.charAt(i);
        boolean ok = c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c == '\t' || c == '\n' || c == '\r'
                || Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
        if (!ok) {
            throw new UnwritableCharacterException(String.format("U+%04X", (int) c));
        }
        return c;
    }

    /** A value holds a character that XML 1.0 cannot represent. */
    public static final class UnwritableCharacterException extends IllegalArgumentException {
        public UnwritableCharacterException(String character) {
            super("the character " + character + " cannot be written in XML 1.0");
        }
    }
}
