package dev.signet.aws.preflight;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Direct-child DOM reads (never a document-wide search, so nothing outside a signed element is read). */
final class Elements {
    private Elements() {
    }

    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** The first direct child with that name, or null. */
    static Element child(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The attribute's value, or null when absent (DOM answers "" for both). */
    static String attribute(Element e, String name) {
        return e != null && e.hasAttributeNS(null, name) ? e.getAttributeNS(null, name) : null;
    }

    static boolean is(Element e, String namespace, String localName) {
        return e != null && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }
}
