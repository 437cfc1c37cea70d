package dev.signet.saml;

import java.io.ByteArrayOutputStream;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;

/** Serialises documents as UTF-8 without a byte-order mark (AWS rejects metadata with one) and without re-indenting signed content. */
public final class XmlWriter {
    /** Made once: TransformerFactory.newInstance() searches the whole class path for a provider every time. */
    private static final TransformerFactory FACTORY = factory();

    private XmlWriter() {
    }

    public static byte[] toBytes(Document doc) {
        try {
            Transformer t = newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise XML", e);
        }
    }

    /** A Transformer is used by one thread at a time; the factory is not specified thread-safe, hence the lock. */
    private static Transformer newTransformer() throws TransformerConfigurationException {
        synchronized (FACTORY) {
            return FACTORY.newTransformer();
        }
    }

    private static TransformerFactory factory() {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return factory;
    }
}
