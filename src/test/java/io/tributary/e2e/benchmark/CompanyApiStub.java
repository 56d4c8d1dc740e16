package io.tributary.e2e.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The enrichment endpoint of the benchmark, in a JVM of its own: {@code GET /companies/{symbol}} answers
 * {@code {"symbol":..,"sector":..,"rating":..}} (the sample contract's company API) {@link Job#LOOKUP_DELAY} after
 * the request, over HTTP/1.1 keep-alive. Prints {@code STUB <base-url>} when up; stops when a line arrives on
 * standard input.
 *
 * <p>A small non-blocking server (one selector thread, a timer for the delay) rather than the JDK's
 * {@code HttpServer}: that one, with a thread per waiting request, answered only about 1,500 requests/s here,
 * so the endpoint, not the caller, would have been measured.
 */
public final class CompanyApiStub implements Runnable {

    static final String READY_PREFIX = "STUB ";

    private static final String[] SECTORS = {"Technology", "Consumer", "Energy", "Health", "Finance", "Industrials"};
    private static final String[] RATINGS = {"A", "B", "C"};

    private record Reply(SocketChannel channel, ByteBuffer bytes) {
    }

    private final TickStream.Symbols symbols;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    private CompanyApiStub(TickStream.Symbols symbols) throws IOException {
        this.symbols = symbols;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    static String sector(int symbol) {
        return SECTORS[symbol % SECTORS.length];
    }

    static String rating(int symbol) {
        return RATINGS[(symbol / SECTORS.length) % RATINGS.length];
    }

    public static void main(String[] args) throws Exception {
        CompanyApiStub stub = new CompanyApiStub(new TickStream.Symbols(Integer.getInteger("bench.symbols", 100), 1));
        Thread thread = new Thread(stub, "company-api");
        thread.start();
        System.out.println(READY_PREFIX + "http://127.0.0.1:" + ((InetSocketAddress) stub.server.getLocalAddress()).getPort());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        stub.running = false;
        stub.selector.wakeup();
        thread.join(5_000);
        System.exit(0);
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select();
                for (Reply reply; (reply = replies.poll()) != null; ) {
                    write(reply.channel(), reply.bytes());
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            SocketChannel channel = server.accept();
                            if (channel != null) {
                                channel.configureBlocking(false);
                                channel.socket().setTcpNoDelay(true);
                                channel.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16 * 1024));
                            }
                        }
                        else if (key.isReadable()) {
                            read(key);
                        }
                        else if (key.isWritable()) {
                            write((SocketChannel) key.channel(), (ByteBuffer) key.attachment());
                        }
                    }
                    catch (IOException ex) {
                        key.channel().close();
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        if (channel.read(buffer) < 0) {
            channel.close();
            return;
        }
        // requests are small and not pipelined: answer each complete head in the buffer
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
        int consumed = 0;
        for (int end; (end = text.indexOf("\r\n\r\n", consumed)) >= 0; consumed = end + 4) {
            String requestLine = text.substring(consumed, text.indexOf("\r\n", consumed));
            String path = requestLine.split(" ")[1];
            byte[] response = response(path.substring(path.lastIndexOf('/') + 1));
            timer.schedule(() -> {
                replies.add(new Reply(channel, ByteBuffer.wrap(response)));
                selector.wakeup();
            }, Job.LOOKUP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (consumed > 0) {
            buffer.flip();
            buffer.position(consumed);
            buffer.compact();
        }
    }

    private void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        channel.write(bytes);
        SelectionKey key = channel.keyFor(selector);
        if (bytes.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            key.attach(bytes);
        }
        else if (key.interestOps() != SelectionKey.OP_READ) {
            key.interestOps(SelectionKey.OP_READ);
            key.attach(ByteBuffer.allocate(16 * 1024));
        }
    }

    private byte[] response(String symbol) {
        int index;
        try {
            index = symbols.index(symbol);
        }
        catch (IllegalArgumentException ex) {
            return "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] body = ("{\"symbol\":\"" + symbol + "\",\"sector\":\"" + sector(index) + "\",\"rating\":\"" + rating(index)
                + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }
}
