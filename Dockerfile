# ChatRoom server image.
#   docker build -t chatroom .
#   docker run --rm -p 8080:8080 chatroom
# Both bases can be swapped (e.g. the chiseled runtime, or locally made bases where no registry
# is reachable: see .ci/container-test):
#   --build-arg SDK_IMAGE=… --build-arg RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src

# Restore first, from the project and build files only, so that editing the source reuses the
# cached package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ChatRoom.Web/ChatRoom.Web.csproj ChatRoom.Web/
COPY ChatRoom.Protocol/ChatRoom.Protocol.csproj ChatRoom.Protocol/
# An optional NuGet config can come in as a build secret (it may hold feed credentials, and a
# secret never lands in a layer): --secret id=nuget_config,src=PATH. Without it, restore uses the
# SDK's default source, nuget.org.
RUN --mount=type=secret,id=nuget_config \
    if [ -f /run/secrets/nuget_config ]; then set -- --configfile /run/secrets/nuget_config; fi; \
    dotnet restore ChatRoom.Web "$@"

COPY .editorconfig ./
COPY ChatRoom.Protocol/ ChatRoom.Protocol/
COPY ChatRoom.Web/ ChatRoom.Web/
# No apphost: the runtime image starts the app with `dotnet`, which keeps the image portable
# across the aspnet bases.
RUN dotnet publish ChatRoom.Web --no-restore -c Release -o /app -p:UseAppHost=false

FROM ${RUNTIME_IMAGE} AS final
WORKDIR /app
COPY --from=build /app ./

# Kestrel listens on all interfaces, HTTP only (TLS ends at the proxy in front). The Microsoft
# images set this too; a custom base may not.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080

# Non-root: 1654 is the `app` user of Microsoft's aspnet images ($APP_UID). Numeric so that it
# works in a base without that passwd entry and so that Kubernetes' runAsNonRoot can verify it.
# The app files stay owned by root: the server cannot rewrite its own code.
USER 1654

# The app checks itself (no curl in the aspnet/chiseled images): GET 127.0.0.1:$ASPNETCORE_HTTP_PORTS/healthz.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["dotnet", "/app/ChatRoom.Web.dll", "--health-check"]

# `docker stop` sends SIGTERM: the server tells members it is shutting down, closes them with
# 1001 and exits within Chat:ShutdownTimeout.
ENTRYPOINT ["dotnet", "/app/ChatRoom.Web.dll"]
