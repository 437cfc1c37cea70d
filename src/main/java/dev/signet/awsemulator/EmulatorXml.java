package dev.signet.awsemulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The emulator's own hardened XML parser and DOM lookups. Deliberately separate from Signet's parser:
 * the emulator stands in for AWS when testing Signet, so it shares no code with what it tests.
 */
final class EmulatorXml {
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    /** Metadata with many certificates stays well under this; SAML responses are a few KiB. */
    static final int MAX_BYTES = 2 * 1024 * 1024;

    private static final DocumentBuilderFactory FACTORY = factory();

    private EmulatorXml() {
    }

    /** XML the emulator refuses to read; the message says why. */
    static final class UnreadableXml extends RuntimeException {
        UnreadableXml(String message) {
            super(message, null, false, false);
        }
    }

    static Document parse(byte[] xml) {
        if (xml.length == 0) {
            throw new UnreadableXml("empty document");
        }
        if (xml.length > MAX_BYTES) {
            throw new UnreadableXml("document larger than " + MAX_BYTES + " bytes");
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERRORS);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String message = String.valueOf(e.getMessage());
            throw new UnreadableXml(message.contains("DOCTYPE") ? "documents with a DTD are not accepted" : "not well-formed XML");
        } catch (IOException | ParserConfigurationException e) {
            throw new UnreadableXml("not readable as XML");
        }
    }

    /** Direct children of {@code parent} with that namespace and local name, in document order. */
    static List<Element> children(Element parent, String ns, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** The first such direct child, or null. */
    static Element child(Element parent, String ns, String localName) {
        List<Element> found = children(parent, ns, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every element of the document with that name, wherever it sits (for counting, never for reading claims). */
    static int countAnywhere(Document doc, String ns, String localName) {
        return doc.getElementsByTagNameNS(ns, localName).getLength();
    }

    /** The attribute's value, or null when absent (DOM returns "" for both absent and empty). */
    static String attribute(Element e, String name) {
        return e.hasAttributeNS(null, name) ? e.getAttributeNS(null, name) : null;
    }

    /**
     * The element's whole text. getTextContent joins every text node and skips comments, which is what
     * exclusive c14n signs, so a comment cannot split a value into a signed and a read part.
     */
    static String text(Element e) {
        return e.getTextContent().trim();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("cannot harden the XML parser", e);
        }
    }

    private static final ErrorHandler FAIL_ON_ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
