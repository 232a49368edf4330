package io.datamover.blockstore.grpc;

import io.datamover.blockstore.api.ChangeMethodHeader;
import io.datamover.events.ChangeMethod;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/** Sends the {@link ChangeMethodHeader} a call chose with {@link #report(ChangeMethod)} with its response headers. */
@ApplicationScoped
@GlobalInterceptor
public class ChangeMethodInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> HEADER = Metadata.Key.of(ChangeMethodHeader.NAME,
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<AtomicReference<ChangeMethod>> METHOD = Context.key("change-method");

    /** Called by a service method before its first response. */
    static void report(ChangeMethod method) {
        AtomicReference<ChangeMethod> reported = METHOD.get();
        if (reported == null) {
            throw new IllegalStateException("no change method can be reported outside a gRPC call");
        }
        reported.set(method);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        AtomicReference<ChangeMethod> reported = new AtomicReference<>();
        ServerCall<Q, R> withHeader = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                ChangeMethod method = reported.get();
                if (method != null) {
                    responseHeaders.put(HEADER, method.code());
                }
                super.sendHeaders(responseHeaders);
            }
        };
        return Contexts.interceptCall(Context.current().withValue(METHOD, reported), withHeader, headers, next);
    }
}
