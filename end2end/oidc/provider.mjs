// An independent, certified OpenID provider (npm `oidc-provider`) for the
// interoperability test: proves the portal's relying party is not tuned to
// its own stand-in. Started by scripts/test on a loopback port.
//   PORT=... PORTAL_URL=http://127.0.0.1:NNNN node oidc/provider.mjs
import Provider from 'oidc-provider';

const port = Number(process.env.PORT ?? 4010);
const portal = process.env.PORTAL_URL ?? 'http://127.0.0.1:3000';

// Claims shaped like the national portal's.
const person = (sub) => ({
  sub,
  HoVaTen: 'Đỗ Thị Liên Thông',
  SoDinhDanh: '001190054321',
  NgayThangNamSinh: '19900215',
  LoaiTaiKhoan: '1',
  loa: '2',
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'dvc-portal',
    client_secret: 'interop-secret',
    redirect_uris: [`${portal}/api/auth/callback`],
    post_logout_redirect_uris: [`${portal}/`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub', 'HoVaTen', 'SoDinhDanh', 'NgayThangNamSinh', 'LoaiTaiKhoan', 'loa'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return person(id); } };
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider ready on ${port}`));
