package dialtone.sip.line.internal;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.sdp.SdpException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionState;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Media;
import dialtone.sip.line.RegistrationState;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.ims.PrivacyHeader;
import gov.nist.javax.sip.message.MessageFactoryImpl;

/**
 * The lower half of a line: one JAIN-SIP stack for one account. JAIN-SIP's own thread hands every
 * event to this agent's single thread ({@code sip-NAME}), which alone touches the sessions and the
 * registration, so nothing here needs a lock. The line reaches the agent only through the command
 * methods below, which queue work and return at once; the agent reaches the line only through
 * {@code events} (the line's mailbox).
 */
final class SipAgent implements SipListener {

    private static final Logger log = LoggerFactory.getLogger(SipAgent.class);
    private static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK";
    /** RFC 3262: reliable provisional responses, used when an incoming INVITE requires them. */
    private static final String RELIABLE = "100rel";
    /** RFC 4028's status; javax.sip.message.Response has no name for it. */
    private static final int SESSION_INTERVAL_TOO_SMALL = 422;
    private static final Duration RETRY_FIRST = Duration.ofSeconds(10);
    private static final Duration RETRY_MAX = Duration.ofMinutes(10);
    private static final String REGISTER_TAG = "register";

    /** The application data of a client transaction of our re-INVITE for a session. */
    private record ReInvite(String key, boolean authTried) {
    }
    /** Bigger requests get 513: no provider sends a phone 8 KB of headers, a flood might. */
    static final int MAX_REQUEST_BYTES = 8192;

    /** One call on the SIP side, incoming or outgoing. Touched on the agent's thread only. */
    private static final class Session {
        final String key;
        final boolean incoming;
        String callId = "";
        Request invite;
        ServerTransaction serverTx;
        ClientTransaction clientTx;
        Dialog dialog;
        String toTag;
        Sdp.Remote remote;
        List<Codec> offered;
        /** The codecs both sides took: what a re-offer of ours carries. */
        List<Codec> agreed;
        /** Where our side receives RTP: the participant's own endpoint, or a port from rtp.ports. */
        String rtpHost;
        int rtpPort;
        long sdpId;
        /** The o= version of our last description and its direction; a change bumps the version. */
        long sdpVersion;
        Sdp.Direction described = Sdp.Direction.SENDRECV;
        /** Our side holds the call; the far side holds it. */
        boolean weHold;
        boolean farHolds;
        /** A re-INVITE of ours is under way, the hold state it offers, and its 491s so far. */
        boolean reInviting;
        boolean reInviteHolds;
        int reInvitePending;
        boolean provisional;
        boolean answered;
        boolean cancelWanted;
        boolean authTried;
        boolean ended;
        /** RFC 4028: the session's timer, and what it has scheduled (the refresh, the expiry). */
        SessionTimer timer = SessionTimer.NONE;
        ScheduledFuture<?> refresh;
        ScheduledFuture<?> expiry;
        /** RFC 3262: the INVITE requires reliable provisional responses; our 180 awaits its PRACK. */
        boolean reliable;
        boolean prackAwaited;
        /** The codecs of a 200 held back until that PRACK has come. */
        List<Codec> answerWaiting;
        /** Our INVITE was sent again after a 422, asking for the far side's minimum interval. */
        boolean intervalRaised;

        Session(String key, boolean incoming) {
            this.key = key;
            this.incoming = incoming;
        }

        String label() {
            return callId.isEmpty() ? key : callId;
        }
    }

    private final Account account;
    private final Consumer<SipEvent> events;
    private final ScheduledExecutorService executor;
    private final LogLimiter badMessages;
    private final Map<String, Session> sessions = new HashMap<>();
    private final AtomicLong sdpIds = new AtomicLong(System.currentTimeMillis() / 1000);
    private final Backoff backoff = new Backoff(RETRY_FIRST, RETRY_MAX);
    private final List<InetSocketAddress> trusted = new ArrayList<>();

    private SipStackImpl stack;
    private SipProvider provider;
    private AddressFactory addresses;
    private HeaderFactory headers;
    private MessageFactory messages;
    private AuthenticationHelper auth;
    private String localAddress;
    private String rtpAddress;
    private int nextRtpPort;

    // Registration, agent thread only.
    private String registerCallId;
    private long registerCseq;
    private boolean registerAuthTried;
    private boolean registered;
    private ScheduledFuture<?> registerTimer;
    private boolean stopping;
    private CompletableFuture<Void> unregistered;

    SipAgent(Account account, Consumer<SipEvent> events) {
        this.account = account;
        this.events = events;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sip-" + account.name());
            thread.setDaemon(true);
            return thread;
        });
        this.badMessages = new LogLimiter(log, 20);
        this.nextRtpPort = account.rtpFirst() + (account.rtpFirst() & 1);
    }

    // ---- life cycle -------------------------------------------------------------------------

    /**
     * Starts the stack on the caller's thread (the configuration thread, never the call-core one)
     * so a port already in use is refused at once, then registers on the agent's thread.
     *
     * @throws Account.InvalidAccount when the local address or port cannot be used
     */
    void start() throws Account.InvalidAccount {
        InetSocketAddress registrar = account.registrar().resolve("registrar");
        InetSocketAddress nextHop = account.nextHop().resolve(account.proxy() != null ? "proxy" : "registrar");
        if (account.transport().equals("tcp")) {
            // A provider calls in over a connection of its own, from a port of the moment.
            trusted.add(new InetSocketAddress(registrar.getAddress(), 0));
            trusted.add(new InetSocketAddress(nextHop.getAddress(), 0));
        } else {
            trusted.add(registrar);
            trusted.add(nextHop);
        }
        for (Account.HostPort entry : account.trusted()) {
            InetSocketAddress address = new Account.HostPort(entry.host(), Math.max(entry.port(), 1)).resolve("trusted");
            trusted.add(entry.port() == 0 ? new InetSocketAddress(address.getAddress(), 0) : address);
        }
        localAddress = account.localAddress().isEmpty() ? localAddressTowards(nextHop) : account.localAddress();
        rtpAddress = account.rtpAddress().isEmpty() ? localAddress : account.rtpAddress();
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "dialtone-" + account.name());
        // One stack thread keeps every request of a call in order (a CANCEL never overtakes its INVITE).
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // The stack's own lines (dropped datagrams, say) are rate limited and cut to one line each.
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", "dialtone.lib.jainsip.internal.LimitedStackLogger");
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // The stock parser reads every request line's version as SIP/2.0; this one keeps it, so the
        // stack's own check answers a request in another version with 505.
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY",
                "dialtone.lib.jainsip.internal.VersionKeepingParserFactory");
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "2000");
        properties.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "2000");
        properties.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        // Small heap (the router): a finished transaction lets go of its messages, and under overload
        // datagrams waiting longer than 2 s are dropped instead of queueing without bound.
        properties.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        properties.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "2000");
        // The default java.util.Timer dies for good when one task throws, taking every later
        // transaction with it; the executor-based timer survives a failing task.
        properties.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME",
                "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer");
        try {
            stack = new SipStackImpl(properties);
            addresses = new AddressFactoryImpl();
            headers = new HeaderFactoryImpl();
            messages = new MessageFactoryImpl();
            ListeningPoint point;
            try {
                String bind = account.localAddress().isEmpty() ? "0.0.0.0" : account.localAddress();
                point = stack.createListeningPoint(bind, account.localPort(), account.transport());
            } catch (InvalidArgumentException | javax.sip.TransportNotSupportedException e) {
                throw new Account.InvalidAccount("local.port",
                        account.localPort() + "/" + account.transport() + " cannot be opened (" + e.getMessage() + ")");
            }
            provider = stack.createSipProvider(point);
            provider.addSipListener(this);
            auth = ((SipStackExt) stack).getAuthenticationHelper(
                    (transaction, realm) -> new Credentials(account), headers);
            stack.start();
        } catch (SipException | java.util.TooManyListenersException | RuntimeException e) {
            stopStack();
            throw new Account.InvalidAccount("local.port", "the SIP stack did not start on " + account.localPort()
                    + "/" + account.transport() + ": " + e.getMessage());
        }
        registerCallId = provider.getNewCallId().getCallId();
        log.info("line {}: listening on {}:{}/{} for {}", account.name(), localAddress, account.localPort(),
                account.transport(), account);
        executor.execute(this::register);
    }

    /**
     * Ends every session, unregisters (waiting at most {@code wait} for the registrar) and stops
     * the stack. Safe to call from any thread except the call-core one (it waits).
     */
    void stop(Duration wait) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                stopping = true;
                cancelTimer();
                for (Session session : List.copyOf(sessions.values())) {
                    hangUp(session, 480);
                }
                if (provider != null && registered) {
                    unregistered = done;
                    registerAuthTried = false;
                    sendRegister(0);
                } else {
                    done.complete(null);
                }
            });
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            log.info("line {}: registrar did not confirm the un-registration in time", account.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        try {
            executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopStack();
        log.info("line {}: stopped", account.name());
    }

    private void stopStack() {
        if (stack != null) {
            try {
                if (provider != null) {
                    provider.removeSipListener(this);
                }
                stack.stop();
            } catch (RuntimeException e) {
                log.warn("line {}: stopping the SIP stack: {}", account.name(), e.toString());
            }
        }
    }

    // ---- commands from the line (any thread; they only queue work) ---------------------------

    /** Registers again now, forgetting the back-off. */
    void registerNow() {
        run(() -> {
            backoff.succeeded();
            cancelTimer();
            register();
        });
    }

    /** Sends 180 Ringing for an incoming call. */
    void ringing(String key, String callId) {
        run(() -> {
            Session session = session(key, callId);
            if (session != null && session.incoming && !session.answered && !session.ended) {
                if (session.reliable) {
                    ringReliably(session);
                } else {
                    respond(session, Response.RINGING, null);
                }
            }
        });
    }

    /** Answers an incoming call with 200 OK and the SDP answer for {@code media}. */
    void answer(String key, String callId, Media media) {
        run(() -> {
            Session session = session(key, callId);
            if (session == null || !session.incoming || session.ended) {
                return;
            }
            useEndpoint(session, media);
            List<Codec> codecs = Codec.common(session.remote.media().codecs(), media.codecs());
            if (codecs.stream().noneMatch(Codec::isVoice)) {
                log.info("{} line {}: the answer shares no codec with the offer {}; 488", session.label(),
                        account.name(), session.remote.media().codecs());
                finish(session, Response.NOT_ACCEPTABLE_HERE);
                events.accept(new SipEvent.Failed(key, Response.NOT_ACCEPTABLE_HERE));
                return;
            }
            session.answered = true;
            session.agreed = codecs;
            if (session.prackAwaited) {
                // RFC 3262 3: the 200 follows once the 180 is acknowledged.
                session.answerWaiting = codecs;
                return;
            }
            sendAnswer(session, codecs);
        });
    }

    /** The 200 to an incoming INVITE, and the session timer it starts. */
    private void sendAnswer(Session session, List<Codec> codecs) {
        respond(session, Response.OK, codecs);
        startSessionTimer(session);
    }

    /** Refuses an incoming call with a final status, or hangs up an answered one. */
    void reject(String key, String callId, int status) {
        run(() -> {
            Session session = session(key, callId);
            if (session != null) {
                hangUp(session, status);
            }
        });
    }

    /** Ends an outgoing or incoming call: CANCEL, a final refusal or BYE, whichever fits now. */
    void hangUp(String key, String callId) {
        run(() -> {
            Session session = session(key, callId);
            if (session != null) {
                hangUp(session, Response.TEMPORARILY_UNAVAILABLE);
            }
        });
    }

    /**
     * Holds an answered call (a re-INVITE offering {@code a=sendonly}: the provider may play its
     * music to the far end) or takes it off hold ({@code a=sendrecv}).
     */
    void hold(String key, String callId, boolean hold) {
        run(() -> {
            Session session = session(key, callId);
            if (session != null && session.answered && !session.ended && session.weHold != hold) {
                session.weHold = hold;
                sendReInvite(session);
            }
        });
    }

    /** Sends an INVITE to {@code called} offering {@code codecs}. */
    void invite(String key, String callId, CallerId caller, String called, Media media) {
        run(() -> sendInvite(key, callId, caller, called, media));
    }

    private void run(Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("line {}: failed", account.name(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("line {}: stopped, command dropped", account.name());
        }
    }

    private Session session(String key, String callId) {
        Session session = sessions.get(key);
        if (session != null && session.callId.isEmpty() && callId != null) {
            session.callId = callId;
        }
        return session;
    }

    // ---- JAIN-SIP callbacks (the stack's thread: hand over, never block, never throw) --------

    @Override
    public void processRequest(RequestEvent event) {
        run(() -> onRequest(event));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        run(() -> onResponse(event));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        run(() -> onTimeout(event));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        badMessages.warn("line {}: I/O error towards {}:{}/{}", account.name(), event.getHost(), event.getPort(),
                event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Sessions end on their final responses and BYEs; nothing is kept per transaction.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // As above.
    }

    // ---- requests ----------------------------------------------------------------------------

    private void onRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (method.equals(Request.ACK)) {
            onAck(request);
            return;
        }
        String source = event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() + ":" + ext.getRemotePort()
                : "?";
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        try {
            if (!inDialog && !method.equals(Request.CANCEL) && !isTrusted(event)) {
                badMessages.warn("line {}: {} from {} refused with 403: not the provider", account.name(), method,
                        source);
                respondStateless(request, Response.FORBIDDEN);
                return;
            }
            if (request instanceof gov.nist.javax.sip.message.SIPMessage sip && sip.getSize() > MAX_REQUEST_BYTES) {
                badMessages.warn("line {}: {} from {} is {} bytes; 513", account.name(), method, source,
                        sip.getSize());
                respondStateless(request, Response.MESSAGE_TOO_LARGE);
                return;
            }
            URI target = request.getRequestURI();
            if (!target.isSipURI()) {
                badMessages.warn("line {}: {} from {} for {} refused with 416", account.name(), method, source,
                        target.getScheme());
                respondStateless(request, Response.UNSUPPORTED_URI_SCHEME);
                return;
            }
            if (!method.equals(Request.CANCEL)) {
                List<String> required = required(request);
                if (!required.isEmpty()) {
                    badMessages.warn("line {}: {} from {} requires {}; 420", account.name(), method, source, required);
                    Response response = messages.createResponse(Response.BAD_EXTENSION, request);
                    for (String tag : required) {
                        response.addHeader(headers.createUnsupportedHeader(tag));
                    }
                    provider.sendResponse(response);
                    return;
                }
            }
            MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
            if (maxForwards != null && maxForwards.getMaxForwards() == 0 && !method.equals(Request.OPTIONS)) {
                badMessages.warn("line {}: {} from {} with Max-Forwards 0; 483", account.name(), method, source);
                respondStateless(request, Response.TOO_MANY_HOPS);
                return;
            }
            switch (method) {
                case Request.INVITE -> {
                    if (inDialog) {
                        onReInvite(event);
                    } else {
                        onInvite(event, source);
                    }
                }
                case Request.CANCEL -> onCancel(event);
                case Request.PRACK -> onPrack(event);
                case Request.BYE -> onBye(event);
                case Request.OPTIONS -> {
                    Response response = messages.createResponse(Response.OK, request);
                    response.addHeader(headers.createAllowHeader(ALLOW));
                    response.addHeader(headers.createAcceptHeader("application", "sdp"));
                    provider.sendResponse(response);
                }
                case Request.REGISTER, Request.SUBSCRIBE, Request.NOTIFY, Request.MESSAGE, Request.REFER,
                        Request.UPDATE, Request.INFO, Request.PUBLISH -> {
                    Response response = messages.createResponse(Response.METHOD_NOT_ALLOWED, request);
                    response.addHeader(headers.createAllowHeader(ALLOW));
                    provider.sendResponse(response);
                }
                default -> {
                    Response response = messages.createResponse(Response.NOT_IMPLEMENTED, request);
                    response.addHeader(headers.createAllowHeader(ALLOW));
                    provider.sendResponse(response);
                }
            }
        } catch (ParseException | SipException | InvalidArgumentException | SdpException | RuntimeException e) {
            badMessages.warn("line {}: {} from {} could not be answered: {}", account.name(), method, source,
                    e.toString());
        }
    }

    private void onInvite(RequestEvent event, String source) throws ParseException, SipException,
            InvalidArgumentException {
        Request request = event.getRequest();
        String key = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            try {
                transaction = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission; the transaction answers it
            }
        }
        if (sessions.containsKey(key)) {
            // Same Call-ID, another transaction: a merged or looped request (RFC 3261 8.2.2.2).
            transaction.sendResponse(messages.createResponse(Response.LOOP_DETECTED, request));
            return;
        }
        Session session = new Session(key, true);
        session.invite = request;
        session.serverTx = transaction;
        session.dialog = transaction.getDialog();
        session.toTag = Long.toHexString(sdpIds.incrementAndGet() * 2654435761L & 0xffffffffL);
        transaction.sendResponse(messages.createResponse(Response.TRYING, request));
        Sdp.Remote remote;
        try {
            remote = offerOf(request);
        } catch (SdpException e) {
            log.info("line {}: INVITE {} from {} has unusable SDP ({}); 488", account.name(), key, source,
                    e.getMessage());
            transaction.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
            return;
        }
        if (!remote.media().hasVoice()) {
            log.info("line {}: INVITE {} offers no codec Dialtone carries; 488", account.name(), key);
            transaction.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
            return;
        }
        SessionTimer timer = SessionTimer.ofRequest(request);
        if (timer == null) {
            log.info("line {}: INVITE {} asks for a session interval under {} s; 422", account.name(), key,
                    SessionTimer.MIN_SE);
            transaction.sendResponse(intervalTooSmall(request));
            return;
        }
        session.timer = timer;
        session.reliable = SessionTimer.optionTags(request, RequireHeader.NAME).contains(RELIABLE);
        session.remote = remote;
        sessions.put(key, session);
        CallerId caller = callerOf(request);
        String called = userOf(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
        if (called.isEmpty()) {
            called = userOf(request.getRequestURI());
        }
        log.info("line {}: INVITE {} from {} ({}) for {}", account.name(), key, source, caller, called);
        events.accept(new SipEvent.Incoming(key, caller, called, remote.media()));
    }

    private Sdp.Remote offerOf(Request request) throws SdpException {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            // No offer: we offer in the 200 and take the answer from the ACK; every codec we carry is open.
            return new Sdp.Remote(Media.of(List.of(Codec.values())), Codec.TELEPHONE_EVENT.payloadType(),
                    Sdp.Direction.SENDRECV);
        }
        return Sdp.parse(body);
    }

    private void onReInvite(RequestEvent event)
            throws ParseException, SipException, InvalidArgumentException, SdpException {
        Request request = event.getRequest();
        // Outgoing sessions are keyed by the line's own key; ofDialog finds both kinds by Call-ID.
        Session session = ofDialog(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            try {
                transaction = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return;
            }
        }
        if (session == null || !session.answered) {
            transaction.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        if (session.reInviting) {
            // Both sides re-offered at once (RFC 3261 14.2): the far side tries again later.
            transaction.sendResponse(messages.createResponse(Response.REQUEST_PENDING, request));
            return;
        }
        SessionTimer timer = SessionTimer.ofRequest(request);
        if (timer == null) {
            transaction.sendResponse(intervalTooSmall(request));
            return;
        }
        Sdp.Direction direction = ours(session);
        List<Codec> codecs = session.agreed != null ? session.agreed
                : session.offered != null ? session.offered : List.of(Codec.values());
        if (request.getRawContent() != null && request.getRawContent().length > 0) {
            Sdp.Remote offer;
            try {
                offer = Sdp.parse(request.getRawContent());
            } catch (SdpException e) {
                offer = null;
            }
            // The answer carries only codecs of the re-offer, and of the call as agreed (RFC 3264 6.1).
            codecs = offer == null ? List.of() : Codec.common(offer.media().codecs(), codecs);
            if (codecs.stream().noneMatch(Codec::isVoice)) {
                // RFC 3261 14.2: a refused re-offer leaves the session as it was.
                log.info("{} line {}: re-INVITE with no usable audio; 488, the call goes on as it was",
                        session.label(), account.name());
                transaction.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
                return;
            }
            if (adopt(session, offer)) {
                log.info("{} line {}: the far side moved its media to {} {}", session.label(), account.name(),
                        offer.media().endpoint(), offer.media().codecs());
                events.accept(new SipEvent.MediaMoved(session.key, offer.media()));
            }
            if (offer.holds() != session.farHolds) {
                session.farHolds = offer.holds();
                log.info("{} line {}: the far side {}", session.label(), account.name(),
                        session.farHolds ? "holds the call" : "takes the call off hold");
                events.accept(new SipEvent.Held(session.key, session.farHolds));
            }
            direction = offer.direction().answer(direction);
        }
        // A session refresh, a hold, or media moved: answer with our description, in the direction
        // that fits the offer.
        Response response = messages.createResponse(Response.OK, request);
        response.addHeader(contact());
        // Every re-INVITE refreshes the session; one without a timer turns it off (RFC 4028 9).
        session.timer = timer;
        timer.answer(response, headers);
        attachSdp(response, session, codecs, direction);
        transaction.sendResponse(response);
        startSessionTimer(session);
    }

    /** 422 Session Interval Too Small, naming the least interval we take. */
    private Response intervalTooSmall(Request request) throws ParseException {
        Response response = messages.createResponse(SESSION_INTERVAL_TOO_SMALL, request);
        response.setReasonPhrase("Session Interval Too Small");
        response.addHeader(headers.createHeader("Min-SE", Integer.toString(SessionTimer.MIN_SE)));
        return response;
    }

    /** (Re)starts the session's timer: our refresh at half its interval, its expiry near the end. */
    private void startSessionTimer(Session session) {
        cancelSessionTimer(session);
        SessionTimer timer = session.timer;
        if (!timer.active() || session.ended) {
            return;
        }
        session.expiry = executor.schedule(() -> sessionExpired(session), timer.expiryAfter().toMillis(),
                TimeUnit.MILLISECONDS);
        if (timer.weRefresh()) {
            session.refresh = executor.schedule(() -> {
                if (!session.ended && sessions.get(session.key) == session) {
                    log.info("{} line {}: session refresh ({})", session.label(), account.name(), timer);
                    sendReInvite(session);
                }
            }, timer.refreshAfter().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void cancelSessionTimer(Session session) {
        if (session.refresh != null) {
            session.refresh.cancel(false);
            session.refresh = null;
        }
        if (session.expiry != null) {
            session.expiry.cancel(false);
            session.expiry = null;
        }
    }

    /** No refresh came in time: the far side is gone (RFC 4028 10). BYE, and the call ends. */
    private void sessionExpired(Session session) {
        if (session.ended || sessions.get(session.key) != session) {
            return;
        }
        log.info("{} line {}: the session was not refreshed within {} s; BYE, the call ends", session.label(),
                account.name(), session.timer.interval());
        try {
            sendBye(session);
        } catch (SipException | RuntimeException e) {
            sessions.remove(session.key);
            session.ended = true;
        }
        events.accept(new SipEvent.Expired(session.key));
    }

    /**
     * Whether a re-offer sends voice elsewhere or in other codecs than the session's. The old way
     * to hold, a connection address of 0.0.0.0, moves nothing: the stream stays where it was.
     */
    static boolean movesMedia(Sdp.Remote current, Sdp.Remote offer) {
        java.net.URI endpoint = offer.media().endpoint();
        if (endpoint == null || "0.0.0.0".equals(endpoint.getHost())) {
            return false;
        }
        return current == null || !endpoint.equals(current.media().endpoint())
                || !offer.media().codecs().equals(current.media().codecs());
    }

    /**
     * An INVITE without an offer got ours in the 200; the ACK carries the far side's answer
     * (RFC 3264 5): where its voice goes, told to the call as moved media.
     */
    private void onAck(Request ack) {
        byte[] body = ack.getRawContent();
        if (body == null || body.length == 0) {
            return;
        }
        Session session = ofDialog(((CallIdHeader) ack.getHeader(CallIdHeader.NAME)).getCallId());
        if (session == null || !session.incoming || !session.answered || session.ended) {
            return;
        }
        Sdp.Remote answer;
        try {
            answer = Sdp.parse(body);
        } catch (SdpException e) {
            badMessages.warn("{} line {}: the ACK's SDP answer does not parse: {}", session.label(), account.name(),
                    e.getMessage());
            return;
        }
        if (adopt(session, answer)) {
            log.info("{} line {}: the far side answers in the ACK: {}", session.label(), account.name(),
                    answer.media().endpoint());
            events.accept(new SipEvent.MediaMoved(session.key, answer.media()));
        }
    }

    /** Takes {@code remote} as the session's far side when it has voice and moves the media; true if so. */
    private static boolean adopt(Session session, Sdp.Remote remote) {
        if (!remote.media().hasVoice() || !movesMedia(session.remote, remote)) {
            return false;
        }
        session.remote = remote;
        return true;
    }

    /**
     * Our 180 sent reliably (RFC 3262): with an RSeq, retransmitted by the stack until the PRACK
     * comes. Without it the caller, which requires it, could not take the call as ringing.
     */
    private void ringReliably(Session session) {
        try {
            Response ringing = session.dialog.createReliableProvisionalResponse(Response.RINGING);
            ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(session.toTag);
            ringing.addHeader(contact());
            session.dialog.sendReliableProvisionalResponse(ringing);
            session.prackAwaited = true;
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            badMessages.warn("{} line {}: reliable 180 could not be sent: {}", session.label(), account.name(),
                    e.toString());
        }
    }

    /** The PRACK to our reliable 180 (the stack passes only one that matches it): 200, and the held 200 follows. */
    private void onPrack(RequestEvent event) throws ParseException, SipException, InvalidArgumentException {
        Request prack = event.getRequest();
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            try {
                transaction = provider.getNewServerTransaction(prack);
            } catch (TransactionAlreadyExistsException e) {
                return;
            }
        }
        Session session = ofDialog(((CallIdHeader) prack.getHeader(CallIdHeader.NAME)).getCallId());
        if (session == null || !session.prackAwaited) {
            transaction.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, prack));
            return;
        }
        transaction.sendResponse(messages.createResponse(Response.OK, prack));
        session.prackAwaited = false;
        if (session.answerWaiting != null && !session.ended) {
            List<Codec> codecs = session.answerWaiting;
            session.answerWaiting = null;
            sendAnswer(session, codecs);
        }
    }

    private void onCancel(RequestEvent event) throws ParseException, SipException, InvalidArgumentException {
        Request cancel = event.getRequest();
        String key = ((CallIdHeader) cancel.getHeader(CallIdHeader.NAME)).getCallId();
        Session session = sessions.get(key);
        ServerTransaction cancelTx = event.getServerTransaction();
        if (session == null || !session.incoming || cancelTx == null) {
            respondStateless(cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        cancelTx.sendResponse(messages.createResponse(Response.OK, cancel));
        if (!session.answered && !session.ended) {
            log.info("{} line {}: CANCEL from the provider; 487", session.label(), account.name());
            finish(session, Response.REQUEST_TERMINATED);
            events.accept(new SipEvent.Cancelled(key));
        }
    }

    private void onBye(RequestEvent event) throws ParseException, SipException, InvalidArgumentException {
        Request bye = event.getRequest();
        Session session = ofDialog(((CallIdHeader) bye.getHeader(CallIdHeader.NAME)).getCallId());
        if (session != null) {
            sessions.remove(session.key);
        }
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            try {
                transaction = provider.getNewServerTransaction(bye);
            } catch (TransactionAlreadyExistsException e) {
                return;
            }
        }
        if (session == null) {
            transaction.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, bye));
            return;
        }
        transaction.sendResponse(messages.createResponse(Response.OK, bye));
        session.ended = true;
        cancelSessionTimer(session);
        log.info("{} line {}: BYE from the far side", session.label(), account.name());
        events.accept(new SipEvent.Bye(session.key));
    }

    /**
     * The session a request inside a dialog belongs to. Incoming sessions are keyed by their SIP
     * Call-ID; outgoing ones by the line's own key, so those are found by the Call-ID of their INVITE.
     */
    private Session ofDialog(String sipCallId) {
        Session session = sessions.get(sipCallId);
        if (session != null) {
            return session;
        }
        for (Session candidate : sessions.values()) {
            if (!candidate.incoming && candidate.invite != null && sipCallId
                    .equals(((CallIdHeader) candidate.invite.getHeader(CallIdHeader.NAME)).getCallId())) {
                return candidate;
            }
        }
        return null;
    }

    private boolean isTrusted(RequestEvent event) {
        if (!(event instanceof RequestEventExt ext)) {
            return false;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(ext.getRemoteIpAddress()); // a literal: no look-up
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        for (InetSocketAddress entry : trusted) {
            if (entry.getAddress().equals(address) && (entry.getPort() == 0 || entry.getPort() == ext.getRemotePort())) {
                return true;
            }
        }
        return false;
    }

    /** The tags of the request's Require headers that are not ours: it is refused with 420. */
    private static List<String> required(Request request) {
        List<String> tags = new ArrayList<>(SessionTimer.optionTags(request, RequireHeader.NAME));
        tags.removeAll(List.of(SessionTimer.TAG, RELIABLE));
        return tags;
    }

    /**
     * Who calls, from the From header. A caller who withholds the number (RFC 3323: From user
     * {@code anonymous} or host {@code anonymous.invalid}, or a {@code Privacy} of id, user or
     * header) has an empty number, as {@link CallerId} has it, so nothing shows or dials it back.
     */
    static CallerId callerOf(Request request) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        URI uri = from.getAddress().getURI();
        String name = from.getAddress().getDisplayName() == null ? "" : from.getAddress().getDisplayName();
        String number = userOf(uri);
        boolean withheld = number.equalsIgnoreCase("anonymous")
                || uri instanceof SipURI sip && "anonymous.invalid".equalsIgnoreCase(sip.getHost());
        // The stack reads "Privacy: id;user" as one header per value.
        ListIterator<?> privacy = request.getHeaders(PrivacyHeader.NAME);
        while (!withheld && privacy != null && privacy.hasNext()) {
            if (privacy.next() instanceof PrivacyHeader value) {
                withheld = List.of("id", "user", "header").contains(value.getPrivacy().toLowerCase(Locale.ROOT));
            }
        }
        return new CallerId(withheld ? "" : number, name);
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser() == null ? "" : sip.getUser();
        }
        if (uri instanceof javax.sip.address.TelURL tel) {
            return tel.getPhoneNumber();
        }
        return "";
    }

    // ---- responses ---------------------------------------------------------------------------

    private void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction transaction = event.getClientTransaction();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        try {
            if (transaction == null) {
                // A stray or retransmitted response: the stack re-sends our ACK for a 2xx it knows.
                return;
            }
            Object data = transaction.getApplicationData();
            if (REGISTER_TAG.equals(data)) {
                onRegisterResponse(response, transaction);
            } else if (data instanceof ReInvite reInvite) {
                Session session = sessions.get(reInvite.key());
                if (session != null) {
                    onReInviteResponse(session, response, transaction, reInvite);
                }
            } else if (data instanceof String key && cseq.getMethod().equals(Request.INVITE)) {
                Session session = sessions.get(key);
                if (session != null) {
                    onInviteResponse(session, response, transaction);
                }
            }
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            badMessages.warn("line {}: {} {} could not be handled: {}", account.name(), response.getStatusCode(),
                    cseq.getMethod(), e.toString());
        }
    }

    private void onInviteResponse(Session session, Response response, ClientTransaction transaction)
            throws SipException, InvalidArgumentException, ParseException {
        int status = response.getStatusCode();
        if (status < 200) {
            if (status == Response.TRYING) {
                return;
            }
            session.provisional = true;
            if (session.cancelWanted) {
                sendCancel(session);
            } else if (status == Response.RINGING || status == Response.SESSION_PROGRESS) {
                events.accept(new SipEvent.Ringing(session.key));
                earlyMedia(session, response);
            }
            return;
        }
        if (status < 300) {
            Dialog dialog = transaction.getDialog() != null ? transaction.getDialog() : session.dialog;
            long number = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(number));
            session.dialog = dialog;
            if (session.answered) {
                return;
            }
            session.answered = true;
            if (session.cancelWanted) {
                log.info("{} line {}: answered after we hung up; BYE", session.label(), account.name());
                sendBye(session);
                return;
            }
            Media media;
            try {
                byte[] body = response.getRawContent();
                Sdp.Remote remote = Sdp.parse(body);
                session.remote = remote;
                media = remote.media();
            } catch (SdpException e) {
                media = Media.of(List.of());
            }
            if (Codec.common(media.codecs(), session.offered).stream().noneMatch(Codec::isVoice)) {
                log.info("{} line {}: the answer shares no codec with our offer; BYE", session.label(),
                        account.name());
                sendBye(session);
                events.accept(new SipEvent.Failed(session.key, Response.NOT_ACCEPTABLE_HERE));
                return;
            }
            session.agreed = Codec.common(media.codecs(), session.offered);
            session.timer = SessionTimer.ofResponse(response);
            log.info("{} line {}: answered ({})", session.label(), account.name(), session.timer);
            events.accept(new SipEvent.Answered(session.key, media));
            startSessionTimer(session);
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && !session.authTried && !session.cancelWanted) {
            session.authTried = true;
            sendAgain(session, auth.handleChallenge(response, transaction, provider, 5));
            return;
        }
        int minimum = SessionTimer.minimumOf(response);
        if (status == SESSION_INTERVAL_TOO_SMALL && minimum > 0 && !session.intervalRaised && !session.cancelWanted) {
            // RFC 4028 7.4: the same INVITE again, asking for the far side's minimum.
            session.intervalRaised = true;
            Request again = (Request) transaction.getRequest().clone();
            CSeqHeader cseq = (CSeqHeader) again.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ((ViaHeader) again.getHeader(ViaHeader.NAME)).removeParameter("branch"); // a new transaction's
            SessionTimer.askAgain(again, minimum, headers);
            session.authTried = false; // the proxy may challenge the new request afresh
            log.info("{} line {}: 422, the far side takes no session under {} s; INVITE again", session.label(),
                    account.name(), minimum);
            sendAgain(session, provider.getNewClientTransaction(again));
            return;
        }
        sessions.remove(session.key);
        session.ended = true;
        log.info("{} line {}: INVITE answered {} {}", session.label(), account.name(), status,
                response.getReasonPhrase());
        events.accept(new SipEvent.Failed(session.key, status));
    }

    /** Our INVITE once more, in a new transaction that stands for the session from now on. */
    private void sendAgain(Session session, ClientTransaction retry) throws SipException {
        retry.setApplicationData(session.key);
        session.clientTx = retry;
        session.dialog = retry.getDialog();
        retry.sendRequest();
    }

    /**
     * A 180 or 183 with SDP is early media (RFC 3960): the far side's tones or announcements, which
     * the caller then hears in place of its own ringback tone. Told once per description.
     */
    private void earlyMedia(Session session, Response response) {
        byte[] body = response.getRawContent();
        if (body == null || body.length == 0) {
            return;
        }
        Sdp.Remote early;
        try {
            early = Sdp.parse(body);
        } catch (SdpException e) {
            return; // a ringing without usable SDP still rings
        }
        if (!adopt(session, early)) {
            return;
        }
        log.info("{} line {}: early media from {}", session.label(), account.name(), early.media().endpoint());
        events.accept(new SipEvent.EarlyMedia(session.key, early.media()));
    }

    private void onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            ServerTransaction transaction = event.getServerTransaction();
            String key = ((CallIdHeader) transaction.getRequest().getHeader(CallIdHeader.NAME)).getCallId();
            Session session = sessions.get(key);
            if (session != null && transaction == session.serverTx) {
                sessions.remove(key);
                session.ended = true;
                log.info("{} line {}: no ACK from the far side", session.label(), account.name());
                events.accept(new SipEvent.Failed(key, Response.REQUEST_TIMEOUT));
            }
            return;
        }
        ClientTransaction transaction = event.getClientTransaction();
        Object data = transaction.getApplicationData();
        if (REGISTER_TAG.equals(data)) {
            registrationFailed("the registrar did not answer");
        } else if (data instanceof ReInvite reInvite) {
            Session session = sessions.get(reInvite.key());
            if (session != null) {
                reInviteFailed(session, Response.REQUEST_TIMEOUT, "no answer");
            }
        } else if (data instanceof String key) {
            Session session = sessions.remove(key);
            if (session != null) {
                session.ended = true;
                log.info("{} line {}: INVITE timed out", session.label(), account.name());
                events.accept(new SipEvent.Failed(key, Response.REQUEST_TIMEOUT));
            }
        }
    }

    // ---- calls: sending ----------------------------------------------------------------------

    private void sendInvite(String key, String callId, CallerId caller, String called, Media media) {
        List<Codec> codecs = media.codecs();
        Session session = new Session(key, false);
        session.callId = callId;
        useEndpoint(session, media);
        session.offered = List.copyOf(codecs);
        try {
            SipURI target = addresses.createSipURI(called, account.domain());
            Address to = addresses.createAddress(target);
            Address from = addresses.createAddress(addresses.createURI(account.aor()));
            if (!account.displayName().isEmpty()) {
                from.setDisplayName(account.displayName());
            }
            Request invite = messages.createRequest(target, Request.INVITE, provider.getNewCallId(),
                    headers.createCSeqHeader(1L, Request.INVITE), headers.createFromHeader(from, tag()),
                    headers.createToHeader(to, null), new ArrayList<>(List.of(via())), headers.createMaxForwardsHeader(70));
            invite.addHeader(contact());
            invite.addHeader(route());
            invite.addHeader(headers.createAllowHeader(ALLOW));
            SessionTimer.NONE.ask(invite, headers);
            attachSdp(invite, session, codecs, Sdp.Direction.SENDRECV);
            ClientTransaction transaction = provider.getNewClientTransaction(invite);
            transaction.setApplicationData(key);
            session.invite = invite;
            session.clientTx = transaction;
            session.dialog = transaction.getDialog();
            sessions.put(key, session);
            log.info("{} line {}: INVITE {} ({}) for {}", callId, account.name(), target, caller, codecs);
            transaction.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | SdpException | RuntimeException e) {
            sessions.remove(key);
            log.warn("{} line {}: INVITE for {} could not be sent: {}", callId, account.name(), called, e.toString());
            events.accept(new SipEvent.Failed(key, Response.SERVER_INTERNAL_ERROR));
        }
    }

    /** Ends a session the way its state allows. */
    private void hangUp(Session session, int status) {
        if (session.ended) {
            sessions.remove(session.key);
            return;
        }
        try {
            if (session.incoming) {
                if (session.answered) {
                    sendBye(session);
                } else {
                    finish(session, status);
                }
            } else if (session.answered) {
                sendBye(session);
            } else {
                session.cancelWanted = true;
                if (session.provisional) {
                    sendCancel(session);
                }
                // Without a provisional response a CANCEL may not be sent (RFC 3261 9.1): it goes
                // out when one arrives; a 2xx instead gets ACK and BYE.
            }
        } catch (SipException | RuntimeException e) {
            log.warn("{} line {}: hanging up: {}", session.label(), account.name(), e.toString());
            sessions.remove(session.key);
        }
    }

    private void finish(Session session, int status) {
        sessions.remove(session.key);
        session.ended = true;
        try {
            if (session.serverTx.getState() == TransactionState.PROCEEDING
                    || session.serverTx.getState() == TransactionState.TRYING) {
                respond(session, status, null);
            }
        } catch (RuntimeException e) {
            log.debug("{} line {}: final {} not sent: {}", session.label(), account.name(), status, e.toString());
        }
    }

    /**
     * Re-offers our description in the direction our hold state asks for. One re-INVITE at a time
     * (RFC 3261 14.1): a change asked for meanwhile goes out when the one under way is done.
     */
    private void sendReInvite(Session session) {
        if (session.reInviting || session.ended) {
            return;
        }
        Dialog dialog = session.dialog;
        if (dialog == null || dialog.getState() != DialogState.CONFIRMED) {
            return;
        }
        try {
            Request request = dialog.createRequest(Request.INVITE);
            request.addHeader(contact());
            request.addHeader(headers.createAllowHeader(ALLOW));
            if (session.timer.active()) {
                session.timer.ask(request, headers);
            }
            attachSdp(request, session, session.agreed != null ? session.agreed : session.offered, ours(session));
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            transaction.setApplicationData(new ReInvite(session.key, false));
            session.reInviting = true;
            session.reInviteHolds = session.weHold;
            dialog.sendRequest(transaction);
            log.info("{} line {}: re-INVITE: {}", session.label(), account.name(),
                    session.weHold ? "we hold the call" : "the call is not held");
        } catch (ParseException | SipException | SdpException | InvalidArgumentException | RuntimeException e) {
            session.reInviting = false;
            log.warn("{} line {}: re-INVITE could not be sent: {}", session.label(), account.name(), e.toString());
        }
    }

    private void onReInviteResponse(Session session, Response response, ClientTransaction transaction,
            ReInvite reInvite) throws SipException, InvalidArgumentException {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && !reInvite.authTried()) {
            // Some providers challenge re-INVITEs too: answered once, inside the dialog.
            ClientTransaction retry = auth.handleChallenge(response, transaction, provider, 5);
            retry.setApplicationData(new ReInvite(session.key, true));
            session.dialog.sendRequest(retry);
            return;
        }
        if (status < 300) {
            long number = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            session.dialog.sendAck(session.dialog.createAck(number));
            session.reInviting = false;
            session.reInvitePending = 0;
            if (session.timer.active()) {
                session.timer = SessionTimer.ofResponse(response);
                startSessionTimer(session);
            }
            if (session.weHold != session.reInviteHolds) {
                sendReInvite(session);
            }
            return;
        }
        if (status == Response.REQUEST_PENDING && ++session.reInvitePending <= 3) {
            // Glare: both sides re-offered; try again after 2.1 to 4 s (RFC 3261 14.1), three times.
            long delay = 2100 + java.util.concurrent.ThreadLocalRandom.current().nextLong(1900);
            executor.schedule(() -> {
                session.reInviting = false;
                sendReInvite(session);
            }, delay, TimeUnit.MILLISECONDS);
            return;
        }
        reInviteFailed(session, status, status + " " + response.getReasonPhrase());
    }

    /**
     * A re-INVITE of ours failed. The session goes on as it was (RFC 3261 14.1), unless the far
     * side no longer knows it (481) or did not answer (408): then the call ends.
     */
    private void reInviteFailed(Session session, int status, String what) {
        session.reInviting = false;
        session.reInvitePending = 0;
        if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || status == Response.REQUEST_TIMEOUT) {
            log.info("{} line {}: re-INVITE: {}; the call ends", session.label(), account.name(), what);
            try {
                sendBye(session);
            } catch (SipException | RuntimeException e) {
                sessions.remove(session.key);
                session.ended = true;
            }
            events.accept(new SipEvent.Failed(session.key, status));
            return;
        }
        log.info("{} line {}: re-INVITE refused: {}; the call goes on as it was", session.label(), account.name(),
                what);
    }

    private void sendBye(Session session) throws SipException {
        sessions.remove(session.key);
        session.ended = true;
        cancelSessionTimer(session);
        Dialog dialog = session.dialog;
        if (dialog == null || dialog.getState() == DialogState.TERMINATED) {
            return;
        }
        Request bye = dialog.createRequest(Request.BYE);
        ClientTransaction transaction = provider.getNewClientTransaction(bye);
        dialog.sendRequest(transaction);
        log.info("{} line {}: BYE sent", session.label(), account.name());
    }

    private void sendCancel(Session session) throws SipException {
        if (session.clientTx.getState() == TransactionState.PROCEEDING) {
            Request cancel = session.clientTx.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
            log.info("{} line {}: CANCEL sent", session.label(), account.name());
        }
    }

    private void respond(Session session, int status, List<Codec> codecs) {
        try {
            Response response = messages.createResponse(status, session.invite);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(session.toTag);
            if (status < 300 && status > 100) {
                response.addHeader(contact());
            }
            if (status >= 200 && status < 300) {
                session.timer.answer(response, headers);
            }
            if (codecs != null) {
                attachSdp(response, session, codecs, session.remote.direction().answer(ours(session)));
            }
            session.serverTx.sendResponse(response);
        } catch (ParseException | SipException | InvalidArgumentException | SdpException | RuntimeException e) {
            badMessages.warn("{} line {}: {} could not be sent: {}", session.label(), account.name(), status,
                    e.toString());
        }
    }

    private void respondStateless(Request request, int status) throws ParseException, SipException {
        if (request.getMethod().equals(Request.ACK)) {
            return;
        }
        provider.sendResponse(messages.createResponse(status, request));
    }

    private void attachSdp(javax.sip.message.Message message, Session session, List<Codec> codecs,
            Sdp.Direction direction) throws SdpException, ParseException {
        if (session.rtpPort == 0) {
            session.rtpPort = nextRtpPort();
        }
        if (session.sdpId == 0) {
            session.sdpId = sdpIds.incrementAndGet();
            session.sdpVersion = session.sdpId;
        } else if (direction != session.described) {
            session.sdpVersion++; // RFC 3264 8: a changed description has a higher version
        }
        session.described = direction;
        int eventType = session.remote != null ? session.remote.eventPayloadType()
                : Codec.TELEPHONE_EVENT.payloadType();
        String host = session.rtpHost == null || session.rtpHost.equals("0.0.0.0") ? rtpAddress : session.rtpHost;
        String sdp = Sdp.describe(codecs, host, session.rtpPort, session.sdpId, session.sdpVersion, eventType,
                direction);
        ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
        message.setContent(sdp, type);
    }

    /** The direction our side would have the stream flow in: only out while we hold. */
    private static Sdp.Direction ours(Session session) {
        return session.weHold ? Sdp.Direction.SENDONLY : Sdp.Direction.SENDRECV;
    }

    /**
     * Takes the participant's own RTP endpoint ({@code rtp://host:port}, where its voice path
     * receives) for the SDP, so the far end sends voice straight there.
     */
    private static void useEndpoint(Session session, Media media) {
        java.net.URI endpoint = media.endpoint();
        if (session.rtpPort == 0 && endpoint != null && "rtp".equals(endpoint.getScheme()) && endpoint.getPort() > 0
                && endpoint.getHost() != null) {
            session.rtpHost = endpoint.getHost();
            session.rtpPort = endpoint.getPort();
        }
    }

    /** Even ports in the configured range, round robin, for a participant without an RTP endpoint of its own. */
    private int nextRtpPort() {
        int port = nextRtpPort;
        nextRtpPort += 2;
        if (nextRtpPort + 1 > account.rtpLast()) {
            nextRtpPort = account.rtpFirst() + (account.rtpFirst() & 1);
        }
        return port;
    }

    // ---- registration ------------------------------------------------------------------------

    private void register() {
        if (stopping) {
            return;
        }
        registerAuthTried = false;
        events.accept(new SipEvent.Registration(RegistrationState.REGISTERING, "", null));
        sendRegister(account.expires());
    }

    private void sendRegister(int expires) {
        try {
            SipURI registrar = addresses.createSipURI(null, account.domain());
            Address aor = addresses.createAddress(addresses.createURI(account.aor()));
            if (!account.displayName().isEmpty()) {
                aor.setDisplayName(account.displayName());
            }
            Request request = messages.createRequest(registrar, Request.REGISTER,
                    headers.createCallIdHeader(registerCallId), headers.createCSeqHeader(++registerCseq, Request.REGISTER),
                    headers.createFromHeader(aor, tag()), headers.createToHeader(aor, null), new ArrayList<>(List.of(via())),
                    headers.createMaxForwardsHeader(70));
            ContactHeader contact = contact();
            contact.setExpires(expires);
            request.addHeader(contact);
            request.addHeader(headers.createExpiresHeader(expires));
            request.addHeader(route());
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            transaction.setApplicationData(REGISTER_TAG);
            transaction.sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            registrationFailed("REGISTER could not be sent: " + e.getMessage());
        }
    }

    private void onRegisterResponse(Response response, ClientTransaction transaction)
            throws SipException, InvalidArgumentException {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        boolean unregistering = stopping;
        if (status < 300) {
            if (unregistering) {
                log.info("line {}: unregistered", account.name());
                if (unregistered != null) {
                    unregistered.complete(null);
                }
                return;
            }
            int expires = grantedExpiry(response);
            backoff.succeeded();
            registered = true;
            registerCseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Instant until = Instant.now().plusSeconds(expires);
            log.info("line {}: registered {} for {} s", account.name(), account.aor(), expires);
            events.accept(new SipEvent.Registration(RegistrationState.REGISTERED, "", until));
            // Refresh well before expiry: at most 90 % of the time, and at least 5 s early.
            long refresh = Math.max(1, Math.min(expires * 9L / 10, expires - 5L));
            registerTimer = executor.schedule(this::refresh, refresh, TimeUnit.SECONDS);
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && !registerAuthTried) {
            registerAuthTried = true;
            ClientTransaction retry = auth.handleChallenge(response, transaction, provider, 5);
            retry.setApplicationData(REGISTER_TAG);
            registerCseq = ((CSeqHeader) retry.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
            retry.sendRequest();
            return;
        }
        if (unregistering) {
            if (unregistered != null) {
                unregistered.complete(null);
            }
            return;
        }
        String why = status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED
                || status == Response.FORBIDDEN
                        ? "authentication failed (" + status + " " + response.getReasonPhrase() + ")"
                        : "REGISTER refused (" + status + " " + response.getReasonPhrase() + ")";
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            auth.removeCachedAuthenticationHeaders(registerCallId);
        }
        registrationFailed(why);
    }

    private void refresh() {
        registerTimer = null;
        register();
    }

    private void registrationFailed(String why) {
        if (stopping) {
            if (unregistered != null) {
                unregistered.complete(null);
            }
            return;
        }
        registered = false;
        Duration wait = backoff.failed();
        log.warn("line {}: {}; next attempt in {} s", account.name(), why, wait.toSeconds());
        events.accept(new SipEvent.Registration(RegistrationState.FAILED,
                why + "; retry in " + wait.toSeconds() + " s", null));
        cancelTimer();
        registerTimer = executor.schedule(this::refresh, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (registerTimer != null) {
            registerTimer.cancel(false);
            registerTimer = null;
        }
    }

    private int grantedExpiry(Response response) {
        Iterator<?> contacts = response.getHeaders(ContactHeader.NAME);
        while (contacts != null && contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().getURI() instanceof SipURI uri && account.user().equals(uri.getUser())
                    && uri.getPort() == account.localPort() && contact.getExpires() > 0) {
                return contact.getExpires();
            }
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return expires != null && expires.getExpires() > 0 ? expires.getExpires() : account.expires();
    }

    // ---- headers -----------------------------------------------------------------------------

    private ViaHeader via() throws ParseException, InvalidArgumentException {
        return headers.createViaHeader(localAddress, account.localPort(), account.transport(), null);
    }

    private ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI(account.user(), localAddress);
        uri.setPort(account.localPort());
        if (!account.transport().equals("udp")) {
            uri.setTransportParam(account.transport());
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    private javax.sip.header.RouteHeader route() throws ParseException {
        Account.HostPort hop = account.nextHop();
        SipURI uri = addresses.createSipURI(null, hop.host());
        uri.setPort(hop.port());
        uri.setLrParam();
        if (!account.transport().equals("udp")) {
            uri.setTransportParam(account.transport());
        }
        return headers.createRouteHeader(addresses.createAddress(uri));
    }

    private String tag() {
        return Long.toHexString(sdpIds.incrementAndGet() * 0x9E3779B97F4A7C15L >>> 16);
    }

    /** The local address a datagram towards {@code peer} would leave from; no packet is sent. */
    private static String localAddressTowards(InetSocketAddress peer) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(peer);
            InetAddress local = socket.getLocalAddress();
            return local.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : local.getHostAddress();
        } catch (java.io.IOException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    /** The account's digest credentials, handed to JAIN-SIP's authentication helper only. */
    private record Credentials(Account account) implements UserCredentials {
        @Override
        public String getUserName() {
            return account.authUser();
        }

        @Override
        public String getPassword() {
            return account.password();
        }

        @Override
        public String getSipDomain() {
            return account.domain();
        }

        @Override
        public String toString() {
            return "credentials of " + account.authUser();
        }
    }
}
