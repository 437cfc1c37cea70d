package dev.signet.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one XML parser of Signet, hardened against what SAML attackers send: no DTDs at all (so no
 * entity expansion and no XXE), no external resources, no XInclude, secure processing on, and a
 * size limit before parsing starts.
 */
public final class XmlParser {
    /** SAML messages are a few KiB; metadata with many certificates a few hundred. */
    public static final int MAX_BYTES = 1024 * 1024;
    /** Deepest element nesting accepted; SAML metadata and messages need well under 30. */
    public static final int MAX_DEPTH = 100;

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();
    /** Thread-safe and stateless; building through it skips setting up a parser for every message. */
    private static final DOMImplementation DOM = domImplementation();

    private XmlParser() {
    }

    /** Parses namespace-aware; throws {@link MalformedXmlException} with a reason fit for an error page. */
    public static Document parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new MalformedXmlException("The message is empty.");
        }
        if (xml.length > MAX_BYTES) {
            throw new MalformedXmlException("The message is larger than " + MAX_BYTES / 1024 + " KiB.");
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String reason = message.contains("DOCTYPE") ? "Documents with a DTD (DOCTYPE) are not accepted."
                    : message.contains("maxElementDepth") ? "The message nests elements deeper than " + MAX_DEPTH + " levels."
                    : "The message is not well-formed XML.";
            throw new MalformedXmlException(reason);
        } catch (IOException | ParserConfigurationException e) {
            throw new MalformedXmlException("The message could not be read as XML.");
        }
    }

    /** A new empty document, for building messages. */
    public static Document newDocument() {
        return DOM.createDocument(null, null, null);
    }

    private static DOMImplementation domImplementation() {
        try {
            return FACTORY.newDocumentBuilder().getDOMImplementation();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DocumentBuilderFactory hardenedFactory() {
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
            // SAML messages nest a dozen levels; a deep document would overflow the stack of the
            // recursive DOM walks after parsing (a 300-byte redirect message can inflate to that).
            f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
            f.setExpandEntityReferences(false);
            f.setIgnoringComments(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
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

    /** XML that Signet refuses to read; the message says why in words for a person. */
    public static final class MalformedXmlException extends RuntimeException {
        public MalformedXmlException(String message) {
            super(message);
        }
    }
}
