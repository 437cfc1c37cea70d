package dev.signet.saml;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small DOM reads shared by the SAML message readers: direct children and attributes only, never a search. */
final class SamlXml {
    private SamlXml() {
    }

    /** The first direct child element with that name, or null. */
    static Element child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    /** The attribute's value, or null when absent (DOM returns "" for both). */
    static String attribute(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** xs:boolean: "true" or "1". */
    static boolean bool(Element e, String name) {
        String v = attribute(e, name);
        return v != null && ("true".equals(v.strip()) || "1".equals(v.strip()));
    }
}
