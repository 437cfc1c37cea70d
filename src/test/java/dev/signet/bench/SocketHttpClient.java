package dev.signet.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on one plain socket with keep-alive, for the load benchmarks: a few
 * microseconds of CPU per request, so the load generator takes as little as possible from the cores the
 * server runs on. One instance is one connection, used by one thread; no redirects, cookies by hand.
 */
final class SocketHttpClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final String hostHeader;
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;

    SocketHttpClient(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.hostHeader = host + ":" + port;
    }

    record Response(int status, List<String> setCookies, String body, boolean close) {
        /** The value of the cookie of this name that the response sets, or null. */
        String cookie(String name) {
            for (String c : setCookies) {
                if (c.startsWith(name + "=")) {
                    int end = c.indexOf(';');
                    return c.substring(name.length() + 1, end < 0 ? c.length() : end);
                }
            }
            return null;
        }
    }

    /** GET with an optional Cookie header (null for none). */
    Response get(String path, String cookie) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: signet-bench\r\nAccept: text/html\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n", null);
    }

    /** POST of an application/x-www-form-urlencoded body with an optional Cookie header. */
    Response postForm(String path, String cookie, String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return exchange("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: signet-bench\r\nAccept: text/html\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    /** Sends a request head (ending in an empty line) and body; reconnects once when a kept-alive connection was closed. */
    Response exchange(String head, byte[] body) throws IOException {
        boolean reused = socket != null;
        try {
            return send(head, body);
        } catch (EOFException e) {
            // A kept-alive connection the server closed meanwhile: once more on a new one.
            close();
            if (!reused) {
                throw e;
            }
            return send(head, body);
        }
    }

    private Response send(String head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            out.write(h);
        } else {
            byte[] all = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            out.write(all);
        }
        out.flush();
        Response r = read();
        if (r.close) {
            close();
        }
        return r;
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before the status line");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        List<String> cookies = new ArrayList<>(2);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).trim();
            switch (name) {
                case "set-cookie" -> cookies.add(value);
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                copy(b, size);
                line();
            }
            while ((l = line()) != null && !l.isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(b, length);
        } else if (close) {
            in.transferTo(b);
        }
        return new Response(status, cookies, b.toString(StandardCharsets.UTF_8), close);
    }

    private void copy(ByteArrayOutputStream b, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("connection closed inside a response body");
            }
            b.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = s.length();
                return len > 0 && s.charAt(len - 1) == '\r' ? s.substring(0, len - 1) : s.toString();
            }
            s.append((char) c);
        }
        return s.length() == 0 ? null : s.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            Socket s = socket;
            socket = null;
            s.close();
        }
    }
}
