package dev.signet.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.Source;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.DOMImplementationLS;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Test check that a document is valid against the OASIS SAML 2.0 protocol and metadata schemas (with
 * assertion, XML Signature, XML Encryption and xml: imported), all bundled under
 * {@code src/test/resources/saml-schemas/} and loaded without network access.
 */
final class SamlSchema {
    private static final String DIR = "/saml-schemas/";

    /** Every namespace the SAML schemas import, to its bundled file: the schemaLocation they name is never fetched. */
    private static final Map<String, String> BY_NAMESPACE = Map.of(
            SamlNames.PROTOCOL_NS, "saml-schema-protocol-2.0.xsd",
            SamlNames.ASSERTION_NS, "saml-schema-assertion-2.0.xsd",
            SamlNames.METADATA_NS, "saml-schema-metadata-2.0.xsd",
            SamlNames.DSIG_NS, "xmldsig-core-schema.xsd",
            "http://www.w3.org/2001/04/xmlenc#", "xenc-schema.xsd",
            XMLConstants.XML_NS_URI, "xml.xsd");

    /**
     * Resolves by namespace; anything not bundled fails loudly instead of reaching for the network.
     * Declared before SCHEMA, which needs it during static initialisation.
     */
    private static final LSResourceResolver BUNDLED = (type, namespace, publicId, systemId, baseUri) -> {
        String file = namespace == null ? null : BY_NAMESPACE.get(namespace);
        if (file == null) {
            throw new IllegalStateException("schema not bundled: namespace " + namespace + ", location " + systemId);
        }
        // No system ID: the factory would check one against ACCESS_EXTERNAL_SCHEMA (which allows nothing) and refuse it.
        LSInput input = ((DOMImplementationLS) XmlParser.newDocument().getImplementation()).createLSInput();
        input.setByteStream(open(file));
        input.setPublicId(publicId);
        return input;
    };

    private static final Schema SCHEMA = compile();

    private SamlSchema() {
    }

    /** Throws {@link AssertionError} listing each schema violation as "line:column: reason". */
    static void validate(byte[] xml) {
        List<String> errors = new ArrayList<>();
        Validator validator = SCHEMA.newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            validator.validate(new SAXSource(instanceReader(), new InputSource(new ByteArrayInputStream(xml))));
        } catch (SAXParseException e) {
            errors.add(e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            errors.add(e.toString());
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("not valid SAML 2.0:\n  " + String.join("\n  ", errors));
        }
    }

    /**
     * A SAX reader (not XmlParser's DOM) so that errors carry line numbers; hardened the same way: a
     * DOCTYPE is a fatal error, so no DTD or entity of the instance is ever resolved.
     */
    private static XMLReader instanceReader() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            XMLReader reader = f.newSAXParser().getXMLReader();
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema compile() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // No protocol may be used to fetch a schema or DTD: every import goes through BUNDLED.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setResourceResolver(BUNDLED);
            return factory.newSchema(new Source[] {source(SamlNames.PROTOCOL_NS), source(SamlNames.METADATA_NS)});
        } catch (SAXException e) {
            throw new IllegalStateException("the bundled SAML schemas do not compile: " + e.getMessage(), e);
        }
    }

    private static Source source(String namespace) {
        String file = BY_NAMESPACE.get(namespace);
        return new StreamSource(open(file));
    }

    private static InputStream open(String file) {
        InputStream in = SamlSchema.class.getResourceAsStream(DIR + file);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + DIR + file);
        }
        return in;
    }
}
